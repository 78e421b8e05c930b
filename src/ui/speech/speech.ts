// Read-aloud with the Web Speech API, only in a voice of the patient's language. Devices without
// speech or without such a voice get `false` back, never an exception.
export function speechAvailable(): boolean {
  return (
    typeof globalThis.speechSynthesis !== 'undefined' && typeof globalThis.SpeechSynthesisUtterance !== 'undefined'
  );
}

export function voiceFor(lang: string, voices: readonly SpeechSynthesisVoice[]): SpeechSynthesisVoice | undefined {
  const want = lang.toLowerCase();
  const base = want.split('-')[0];
  return (
    voices.find((v) => v.lang.toLowerCase() === want) ??
    voices.find((v) => v.lang.toLowerCase().split(/[-_]/)[0] === base)
  );
}

export function listVoices(): SpeechSynthesisVoice[] {
  try {
    return speechAvailable() ? globalThis.speechSynthesis.getVoices() : [];
  } catch {
    return [];
  }
}

export function speak(text: string, lang: string): boolean {
  try {
    const voice = voiceFor(lang, listVoices());
    if (!voice) return false;
    const u = new SpeechSynthesisUtterance(text);
    u.voice = voice;
    u.lang = voice.lang;
    u.rate = 0.9; // a little slower: anxious patients, second language
    globalThis.speechSynthesis.cancel();
    globalThis.speechSynthesis.speak(u);
    return true;
  } catch {
    return false;
  }
}

export function stopSpeaking(): void {
  try {
    if (speechAvailable()) globalThis.speechSynthesis.cancel();
  } catch {
    /* nothing to stop */
  }
}
