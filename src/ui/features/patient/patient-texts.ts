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

/**
 * Fonts for scripts many tablets lack (Tibetan shows as empty boxes without one), loaded only when
 * that language is chosen. Noto Serif Tibetan, SIL Open Font License 1.1 (@fontsource).
 */
const SCRIPT_FONTS: Readonly<Record<string, () => Promise<unknown>>> = {
  bo: () =>
    Promise.all([
      import('@fontsource/noto-serif-tibetan/tibetan-400.css'),
      import('@fontsource/noto-serif-tibetan/tibetan-700.css'),
    ]),
};

/**
 * The regular weight only, for the language picker: a Tibetan patient must recognise "བོད་ཡིག"
 * among the chips, which as empty boxes nobody can. The CSS is tiny; the browser fetches the font
 * file only when Tibetan text is on screen, and the service worker keeps it.
 */
export const loadPickerFonts = () => import('@fontsource/noto-serif-tibetan/tibetan-400.css').catch(() => undefined);

/** Loads the font a language needs, if any; text still shows (maybe as boxes) if it fails. */
export async function loadScriptFont(code: string): Promise<void> {
  await SCRIPT_FONTS[code]?.().catch(() => undefined);
}

export async function loadPatientLanguage(
  code: string,
  fetchImpl: typeof fetch = (...a) => fetch(...a),
): Promise<LoadResult> {
  void loadScriptFont(code);
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
