// Initialises i18next with the real locale files, synchronously, for component tests.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import enSop from '../../locales/en/sop.json';
import enStaff from '../../locales/en/staff.json';
import enTrainer from '../../locales/en/trainer.json';
import zhSop from '../../locales/zh-CN/sop.json';
import zhStaff from '../../locales/zh-CN/staff.json';
import zhTrainer from '../../locales/zh-CN/trainer.json';

export async function initTestI18n(lng: 'en' | 'zh-CN' = 'en') {
  await i18next.use(initReactI18next).init({
    lng,
    fallbackLng: 'en',
    // Copies: i18next keeps init resources by reference and adds imported cards' texts into them,
    // which would change the locale modules themselves (the app loads copies through its backend).
    resources: structuredClone({
      en: { staff: enStaff, sop: enSop, trainer: enTrainer },
      'zh-CN': { staff: zhStaff, sop: zhSop, trainer: zhTrainer },
    }),
    ns: ['staff', 'sop', 'trainer'],
    defaultNS: 'staff',
    keySeparator: false,
    nsSeparator: false,
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
  });
  return i18next;
}
