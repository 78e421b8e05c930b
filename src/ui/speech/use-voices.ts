import { useEffect, useState } from 'react';
import { listVoices, speechAvailable } from './speech';

/** Voices appear asynchronously in some browsers (voiceschanged). */
export function useVoices(): SpeechSynthesisVoice[] {
  const [voices, setVoices] = useState(listVoices);
  useEffect(() => {
    if (!speechAvailable()) return;
    const update = () => setVoices(listVoices());
    globalThis.speechSynthesis.addEventListener?.('voiceschanged', update);
    return () => globalThis.speechSynthesis.removeEventListener?.('voiceschanged', update);
  }, []);
  return voices;
}
