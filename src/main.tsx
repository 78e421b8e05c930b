// Boot: language, audio unlock, render. The service worker registers through UpdatePrompt.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { openDb } from './db/db';
import { App } from './app/App';
import { initI18n } from './app/i18n';
import { UpdatePrompt } from './app/UpdatePrompt';
import { unlockAudioOnFirstTap } from './ui/features/alarms/alarm-sound';
import { defaultServices } from './ui/services';
import './ui/styles.css';

unlockAudioOnFirstTap();
await initI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App services={defaultServices(openDb('clinical'))} updatePrompt={<UpdatePrompt />} />
  </StrictMode>,
);
