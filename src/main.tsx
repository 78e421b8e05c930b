// Boot: language, audio unlock, sync, render. The service worker registers through UpdatePrompt.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { openDb } from './db/db';
import { App } from './app/App';
import { startSync } from './app/start-sync';
import { initI18n } from './app/i18n';
import { UpdatePrompt } from './app/UpdatePrompt';
import { unlockAudioOnFirstTap } from './ui/features/alarms/alarm-sound';
import { defaultServices } from './ui/services';
import './ui/styles.css';

unlockAudioOnFirstTap();
await initI18n();
const db = openDb('clinical');
const sync = startSync(db);
const services = { ...defaultServices(db), sync, now: () => Date.now() + sync.skewMs() };
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App services={services} updatePrompt={<UpdatePrompt />} />
  </StrictMode>,
);
