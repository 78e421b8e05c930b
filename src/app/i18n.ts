// i18next for staff UI ("staff"), SOP card texts ("sop") and trainer notes ("trainer", loaded on first use). Each language's files are separate
// chunks fetched only when that language is used; the service worker precaches them for offline.
// Before sign-in only the start subsets load (text-subsets.plugin.ts); the full files come with the signed-in app.
import i18next, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { startTexts } from 'virtual:start-texts';
import { registeredSopTexts } from '../ui/sop-texts';
import type { StaffLanguage } from '../ui/staff-languages';

export { STAFF_LANGUAGES, type StaffLanguage } from '../ui/staff-languages';

const LANG_KEY = 'scancard.staffLanguage';
const files = import.meta.glob<{ default: Record<string, string> }>('../../locales/*/{staff,sop,trainer}.json');
/** Until someone signs in, "staff" and "sop" are read from the start subsets. */
let signedInTexts = false;

function fullFile(lng: string, ns: string): Promise<Record<string, string>> | undefined {
  if (!signedInTexts && (ns === 'staff' || ns === 'sop')) {
    const start = startTexts[lng];
    return start && start().then((m) => m.default[ns]);
  }
  return files[`../../locales/${lng}/${ns}.json`]?.().then((m) => m.default);
}

const lazyLocales: BackendModule = {
  type: 'backend',
  init() {},
  read(lng, ns, done) {
    const load = fullFile(lng, ns);
    // Imported cards' own texts join the built-in SOP texts of their language (see ui/sop-texts.ts),
    // read when the file has arrived, so a card registered meanwhile is not missed.
    const own = () => (ns === 'sop' ? registeredSopTexts(lng) : {});
    if (!load) return done(null, own()); // unknown language/namespace: fall back, never crash
    load.then(
      (texts) => done(null, { ...texts, ...own() }),
      (e: unknown) => done(e as Error, false),
    );
  },
};

export function initialLanguage(): StaffLanguage {
  const saved = globalThis.localStorage?.getItem(LANG_KEY);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return globalThis.navigator?.language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export async function initI18n(lng: StaffLanguage = initialLanguage()) {
  await i18next
    .use(lazyLocales)
    .use(initReactI18next)
    .init({
      lng,
      fallbackLng: 'en',
      ns: ['staff', 'sop'], // the start subsets; loadSignedInTexts reads the full files
      defaultNS: 'staff',
      keySeparator: false,
      nsSeparator: false,
      interpolation: { escapeValue: false }, // React escapes
      react: { useSuspense: false },
    });
  document.documentElement.lang = lng;
  return i18next;
}

/** The full staff and card texts, for the signed-in app (the screens before it have the start subsets). */
export async function loadSignedInTexts(): Promise<void> {
  if (signedInTexts) return;
  signedInTexts = true;
  await i18next.reloadResources(undefined, ['staff', 'sop']);
}

export async function setStaffLanguage(lng: StaffLanguage) {
  globalThis.localStorage?.setItem(LANG_KEY, lng);
  await i18next.changeLanguage(lng);
  document.documentElement.lang = lng;
}
