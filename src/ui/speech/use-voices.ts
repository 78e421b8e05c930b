import { useEffect, useState } from 'react';
import { listVoices, speechAvailable } from './speech';

/** Voices appear asynchronously in some browsers (voiceschanged). */
export function useVoices(): SpeechSynthesisVoice[] {
  const [voices, setVoices] = useState(listVoices);
  useEffect(() => {
    if (!speechAvailable()) return;
    const synth = globalThis.speechSynthesis; // keep it: the global may be gone by cleanup time
    const update = () => setVoices(listVoices());
    synth.addEventListener?.('voiceschanged', update);
    return () => synth.removeEventListener?.('voiceschanged', update);
  }, []);
  return voices;
}
