// Patient texts load one language at a time, only when chosen; the service worker keeps each one
// used for offline use, so a language never opened before is "not available offline".
import i18next, { type TFunction } from 'i18next';

const files = import.meta.glob<{ default: Record<string, string> }>('../../../../locales/*/patient.json');

export type LoadResult = 'ready' | 'unavailable';

export async function loadPatientLanguage(code: string): Promise<LoadResult> {
  if (i18next.hasResourceBundle(code, 'patient')) return 'ready';
  const load = files[`../../../../locales/${code}/patient.json`];
  if (!load) return 'unavailable';
  try {
    i18next.addResourceBundle(code, 'patient', (await load()).default, true, true);
    return 'ready';
  } catch {
    return 'unavailable'; // offline and never cached
  }
}

export const patientT = (code: string): TFunction => i18next.getFixedT(code, 'patient');
