// Patient texts load one language at a time, only when chosen, as plain JSON files fetched on
// demand (a failed dynamic import() stays failed for the page's lifetime in Chromium; a failed
// fetch can simply be retried). The service worker keeps each language once used, so a language
// never opened on this tablet is "not available offline".
import i18next, { type TFunction } from 'i18next';

const urls = import.meta.glob<string>('../../../../locales/*/patient.json', {
  query: '?url',
  import: 'default',
  eager: true,
});

export type LoadResult = 'ready' | 'unavailable';

export async function loadPatientLanguage(
  code: string,
  fetchImpl: typeof fetch = (...a) => fetch(...a),
): Promise<LoadResult> {
  if (i18next.hasResourceBundle(code, 'patient')) return 'ready';
  const url = urls[`../../../../locales/${code}/patient.json`];
  if (!url) return 'unavailable';
  try {
    const res = await fetchImpl(url);
    if (!res.ok) return 'unavailable';
    i18next.addResourceBundle(code, 'patient', (await res.json()) as Record<string, string>, true, true);
    return 'ready';
  } catch {
    return 'unavailable'; // offline and never cached
  }
}

export const patientT = (code: string): TFunction => i18next.getFixedT(code, 'patient');
