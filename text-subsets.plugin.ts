// Vite plugin: the few staff texts the screens before sign-in need (connect, sign in, lock, the
// lock screen's running timers), one small module per staff language, so the full staff and card
// texts (about 14 KB gzip each language) load with the signed-in app instead of before the lock screen.
// `import { startTexts } from 'virtual:start-texts'` gives a loader per language (src/text-subsets.d.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { CARD_TITLES } from './src/sops/card-titles';

type Texts = Record<string, string>;

/** Prefixes of the staff keys shown before anyone signs in. */
export const START_KEYS: readonly string[] = [
  'common.',
  'auth.',
  'role.',
  'timer.',
  'update.',
  'worklist.title',
  'sync.enrol',
  'sync.reenrolTitle',
  'sync.code',
  'sync.label',
];

const wanted = (key: string) => START_KEYS.some((k) => key.startsWith(k));

/** The start subset of one language: staff texts by START_KEYS, card texts only the cards' titles. */
export function startSubset(staff: Texts, sop: Texts): { staff: Texts; sop: Texts } {
  const titles = new Set(Object.values(CARD_TITLES));
  return {
    staff: Object.fromEntries(Object.entries(staff).filter(([k]) => wanted(k))),
    sop: Object.fromEntries(Object.entries(sop).filter(([k]) => titles.has(k))),
  };
}

const ID = 'virtual:start-texts';
const RESOLVED = `\0${ID}`;

export function textSubsets(localesDir = fileURLToPath(new URL('./locales', import.meta.url))): Plugin {
  const read = (lng: string, ns: string): Texts => {
    const file = join(localesDir, lng, `${ns}.json`);
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Texts) : {};
  };
  const languages = () =>
    readdirSync(localesDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(localesDir, d.name, 'staff.json')))
      .map((d) => d.name)
      .sort();
  return {
    name: 'scancard-text-subsets',
    resolveId(id) {
      return id === ID || id.startsWith(`${ID}/`) ? `\0${id}` : undefined;
    },
    load(id) {
      if (id === RESOLVED) {
        const entries = languages().map(
          (l) => `  ${JSON.stringify(l)}: () => import(${JSON.stringify(`${ID}/${l}`)}),`,
        );
        return `export const startTexts = {\n${entries.join('\n')}\n};\n`;
      }
      if (!id.startsWith(`${RESOLVED}/`)) return undefined;
      const lng = id.slice(RESOLVED.length + 1);
      for (const ns of ['staff', 'sop']) this.addWatchFile(join(localesDir, lng, `${ns}.json`));
      return `export default ${JSON.stringify(startSubset(read(lng, 'staff'), read(lng, 'sop')))};\n`;
    },
  };
}
