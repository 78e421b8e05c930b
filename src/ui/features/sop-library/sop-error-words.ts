// An import error in words a technologist can act on ("Step 7 “scan”, next step: refers to unknown
// step "imageCheck"") while the exact path stays beside it for whoever edits the JSON.
import type { TFunction } from 'i18next';

const FIELD_KEYS = [
  'next',
  'goto',
  'start',
  'title',
  'label',
  'options',
  'items',
  'branches',
  'when',
  'timers',
  'version',
  'id',
];

/** "steps[6] (scan).next" → "Step 7 “scan” › next step"; unknown parts stay as they are. */
export function whereInWords(path: string, t: TFunction): string {
  if (!path) return t('library.where.card');
  if (path === '(file)') return t('library.where.file');
  const parts: string[] = [];
  const re = /(steps)\[(\d+)\](?: \(([^)]+)\))?|(items|options|branches|timers|of)\[(\d+)\]|([A-Za-z]+)/g;
  for (const m of path.matchAll(re)) {
    if (m[1]) parts.push(t('library.where.step', { n: Number(m[2]) + 1, id: m[3] ?? '' }).trim());
    else if (m[4]) parts.push(t(`library.where.${m[4]}`, { n: Number(m[5]) + 1 }));
    else if (m[6] && FIELD_KEYS.includes(m[6])) parts.push(t(`library.field.${m[6]}`));
    else if (m[6] && m[6] !== 'steps') parts.push(`“${m[6]}”`);
  }
  const words = parts.join(' › ');
  return words.charAt(0).toLocaleUpperCase() + words.slice(1);
}
