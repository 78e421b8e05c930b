// The languages staff screens (and card texts) come in; the card editor shows a card's texts in each.
export const STAFF_LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'zh-CN', name: '中文' },
] as const;
export type StaffLanguage = (typeof STAFF_LANGUAGES)[number]['code'];
