// Languages a patient may prefer for guidance; each shown in its own script. The guidance texts
// themselves arrive with the patient-guidance work; this list is what the run records.
export const PATIENT_LANGUAGES: readonly { code: string; name: string }[] = [
  { code: 'zh-CN', name: '简体中文' },
  { code: 'en', name: 'English' },
  { code: 'ar', name: 'العربية' },
  { code: 'ug', name: 'ئۇيغۇرچە' },
  { code: 'bo', name: 'བོད་ཡིག' },
  { code: 'ru', name: 'Русский' },
  { code: 'ja', name: '日本語' },
  { code: 'ko', name: '한국어' },
  { code: 'vi', name: 'Tiếng Việt' },
  { code: 'es', name: 'Español' },
  { code: 'fr', name: 'Français' },
  { code: 'pt', name: 'Português' },
];
