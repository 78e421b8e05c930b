// Each built-in card's title key (sop texts), without the cards themselves: the lock screen names a
// running timer's card with it, before anyone signs in, and the start-up texts carry these titles
// (text-subsets.plugin.ts). A card's title stays the same across its versions; a test checks this list.
export const CARD_TITLES: Readonly<Record<string, string>> = {
  'chest-ct': 'chestCt.title',
  'contrast-abdomen-ct': 'abdomenCt.title',
  'emergency-head-ct': 'emergencyHeadCt.title',
  'brain-mri': 'brainMri.title',
  'pediatric-ct': 'pediatricCt.title',
  'ct-daily-qc': 'ctDailyQc.title',
  'mri-daily-qc': 'mriDailyQc.title',
};
