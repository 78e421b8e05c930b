// Every locale file against English: patient guidance in every registered language, the staff UI in
// Chinese, and every literal t('key') in the app source against the file it is looked up in.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../src/domain/events/audit-entry.event';
import { patientLanguage } from '../../src/ui/patient-languages';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const LOCALES = join(ROOT, 'locales');
type Texts = Record<string, string>;
const readJson = <T = Texts>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const localeFile = (lng: string, ns: string) => join(LOCALES, lng, `${ns}.json`);

type Registered = { code: string; name?: unknown; dir?: unknown; review?: unknown };
const registry = readJson<{ languages: Registered[] }>(join(LOCALES, 'languages.json')).languages;
const en = readJson(localeFile('en', 'patient'));
const enKeys = Object.keys(en);

const placeholders = (text: string) =>
  [...text.matchAll(/{{\s*([^}\s]+)\s*}}/g)]
    .map((m) => m[1])
    .sort()
    .join();
const PLURAL = /_(zero|one|two|few|many|other)$/;
const pluralBase = (key: string) => key.replace(PLURAL, '');
const diffKeys = (expected: Iterable<string>, actual: Iterable<string>) => {
  const want = new Set(expected);
  const have = new Set(actual);
  return { missing: [...want].filter((k) => !have.has(k)).sort(), extra: [...have].filter((k) => !want.has(k)).sort() };
};

describe('patient guidance texts in every registered language', () => {
  it('the registry lists languages with a name, a direction and a review status', () => {
    expect(registry.length).toBeGreaterThan(1);
    const problems = registry.flatMap((l) => [
      ...(typeof l.code === 'string' && l.code ? [] : [`${JSON.stringify(l)}: no code`]),
      ...(typeof l.name === 'string' && l.name.trim() ? [] : [`${l.code}: no name`]),
      ...(l.dir === 'ltr' || l.dir === 'rtl' ? [] : [`${l.code}: dir "${String(l.dir)}" is not ltr|rtl`]),
      ...(l.review === 'drafted' || l.review === 'clinicallyReviewed'
        ? []
        : [`${l.code}: review "${String(l.review)}" is not drafted|clinicallyReviewed`]),
    ]);
    expect(problems).toEqual([]);
    const codes = registry.map((l) => l.code);
    expect(codes.filter((c, i) => codes.indexOf(c) !== i)).toEqual([]);
  });

  it('Arabic and Uyghur are right-to-left, English left-to-right', () => {
    const dir = Object.fromEntries(registry.map((l) => [l.code, l.dir]));
    expect({ ar: dir.ar, ug: dir.ug, en: dir.en }).toEqual({ ar: 'rtl', ug: 'rtl', en: 'ltr' });
  });

  it('an unknown language code falls back to English, a regional one to its base language', () => {
    expect(patientLanguage('xx').code).toBe('en');
    expect(patientLanguage('ar-EG').code).toBe('ar');
  });

  it('every patient.json on disk belongs to a registered language', () => {
    const onDisk = readdirSync(LOCALES).filter(
      (d) => statSync(join(LOCALES, d)).isDirectory() && existsSync(localeFile(d, 'patient')),
    );
    expect(
      diffKeys(
        registry.map((l) => l.code),
        onDisk,
      ).extra,
    ).toEqual([]);
  });

  it.each(registry.map((l) => l.code))('%s: patient.json has exactly the English keys', (lng) => {
    const file = localeFile(lng, 'patient');
    expect(existsSync(file), `locales/${lng}/patient.json is missing`).toBe(true);
    expect(diffKeys(enKeys, Object.keys(readJson(file)))).toEqual({ missing: [], extra: [] });
  });

  it.each(registry.map((l) => l.code))('%s: no empty text, and the same {{placeholders}} as English', (lng) => {
    const file = localeFile(lng, 'patient');
    expect(existsSync(file), `locales/${lng}/patient.json is missing`).toBe(true);
    const texts = readJson<Record<string, unknown>>(file);
    const empty = Object.entries(texts)
      .filter(([, v]) => typeof v !== 'string' || v.trim() === '')
      .map(([k]) => k);
    expect(empty).toEqual([]);
    const mismatched = Object.entries(texts)
      .filter(([k, v]) => k in en && typeof v === 'string' && placeholders(v) !== placeholders(en[k]!))
      .map(([k, v]) => `${k}: {{${placeholders(v as string)}}} ≠ en {{${placeholders(en[k]!)}}}`);
    expect(mismatched).toEqual([]);
  });
});

describe('button labels in patient texts', () => {
  // A button is not a sentence: "Let's try again." with a full stop reads as a message, not an action.
  const BUTTONS = ['practice.again', 'practice.start', 'breath.ready', 'ui.readAloud'];
  it.each(registry.map((l) => l.code))('%s: no button label ends with a full stop', (lng) => {
    const texts = readJson(localeFile(lng, 'patient'));
    expect(BUTTONS.filter((k) => /[.。]\s*$/.test(texts[k] ?? ''))).toEqual([]);
  });
});

describe('staff UI texts, English and Chinese', () => {
  it.each(['staff', 'sop', 'trainer'])('%s.json: the same keys once plural suffixes are set aside', (ns) => {
    const enNs = Object.keys(readJson(localeFile('en', ns))).map(pluralBase);
    const zhNs = Object.keys(readJson(localeFile('zh-CN', ns))).map(pluralBase);
    expect(enNs.length).toBeGreaterThan(50);
    expect(diffKeys(enNs, zhNs)).toEqual({ missing: [], extra: [] });
  });

  it.each(['en', 'zh-CN'])('%s: every plural family has an _other form and no bare key beside it', (lng) => {
    const problems: string[] = [];
    for (const ns of ['staff', 'sop']) {
      const keys = Object.keys(readJson(localeFile(lng, ns)));
      for (const base of new Set(keys.filter((k) => PLURAL.test(k)).map(pluralBase))) {
        if (!keys.includes(`${base}_other`)) problems.push(`${ns}:${base}_other is missing`);
        if (keys.includes(base)) problems.push(`${ns}:${base} exists beside its plural forms`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(['staff', 'sop', 'trainer'])(
    '%s.json: Chinese texts are not empty and keep the English {{placeholders}}',
    (ns) => {
      const enNs = readJson(localeFile('en', ns));
      const zhNs = readJson(localeFile('zh-CN', ns));
      const enByBase = new Map(Object.entries(enNs).map(([k, v]) => [pluralBase(k), v]));
      const problems = Object.entries(zhNs).flatMap(([k, v]) => {
        if (typeof v !== 'string' || !v.trim()) return [`${k}: empty`];
        const ref = enByBase.get(pluralBase(k));
        return ref !== undefined && placeholders(ref) !== placeholders(v)
          ? [`${k}: {{${placeholders(v)}}} ≠ en {{${placeholders(ref)}}}`]
          : [];
      });
      expect(problems).toEqual([]);
    },
  );
});

// ---- t('key') literals in the source ------------------------------------------------------------

type Use = { where: string; ns: string; key: string; prefix: boolean };
/** Files whose `t` is the patient-namespace function (patientT / a `t` prop); `staffT` there is staff. */
const PATIENT_DIR = 'src/ui/features/patient/';
const CALL = /(?<![\w.$])(t|staffT|i18next\.t)\(\s*(?:(['"])((?:(?!\2)[^\\\n])*)\2|`([^`$]*)\$\{)/g;

/** The call's own argument text (its "(" at `open`), without the arguments of calls nested in it. */
function argsOf(src: string, open: number): string {
  let depth = 0;
  let own = '';
  for (let i = open; i < src.length; i++) {
    if (src[i] === '(') depth++;
    else if (src[i] === ')' && --depth === 0) break;
    if (depth === 1 && i > open) own += src[i];
  }
  return own;
}

function findKeyUses(src: string, file: string): Use[] {
  const uses: Use[] = [];
  for (const m of src.matchAll(CALL)) {
    const [, callee, , literal, templatePrefix] = m;
    const args = argsOf(src, m.index + callee!.length);
    const nsOption = /\bns:\s*['"]([\w-]+)['"]/.exec(args)?.[1];
    const fileNs = /useTranslation\(\s*'([\w-]+)'\s*\)/.exec(src)?.[1]; // a file whose `t` is bound to one namespace
    const ns =
      nsOption ??
      (callee === 't' && file.startsWith(PATIENT_DIR) ? 'patient' : callee === 't' && fileNs ? fileNs : 'staff');
    const where = `${file}:${src.slice(0, m.index).split('\n').length}`;
    if (literal !== undefined) uses.push({ where, ns, key: literal, prefix: false });
    else if (templatePrefix) uses.push({ where, ns, key: templatePrefix, prefix: true });
  }
  return uses;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe("every t('key') in the app source has an English text", () => {
  const uses = ['src/ui', 'src/app']
    .flatMap((d) => sourceFiles(join(ROOT, d)))
    .flatMap((f) => findKeyUses(readFileSync(f, 'utf8'), relative(ROOT, f).split('\\').join('/')));
  const texts: Record<string, Set<string>> = Object.fromEntries(
    ['staff', 'sop', 'patient', 'trainer'].map((ns) => [ns, new Set(Object.keys(readJson(localeFile('en', ns))))]),
  );
  const has = (ns: string, key: string) => texts[ns]?.has(key) || texts[ns]?.has(`${key}_other`);

  it('the scan finds literal and template keys, the namespace from the options or the file', () => {
    const sample = `const a = t('run.next'); t("x.y", { count: 2, ns: 'sop' }); staffT('patient.exit');
      t(\`timer.\${id}\`); set('no'); it('nope'); t(\`\${whole}\`); format(t('a.b', { v: t('c.d', { ns: 'sop' }) }));`;
    expect(
      findKeyUses(sample, 'src/ui/x.tsx').map(({ ns, key, prefix }) => `${ns}:${key}${prefix ? '*' : ''}`),
    ).toEqual(['staff:run.next', 'sop:x.y', 'staff:patient.exit', 'staff:timer.*', 'staff:a.b', 'sop:c.d']);
    expect(findKeyUses(`t('ui.heading'); staffT('patient.exit')`, `${PATIENT_DIR}P.tsx`).map((u) => u.ns)).toEqual([
      'patient',
      'staff',
    ]);
    expect(uses.filter((u) => !u.prefix && u.ns === 'staff').length).toBeGreaterThan(100);
    expect(uses.filter((u) => u.ns === 'patient').length).toBeGreaterThan(10);
  });

  it('literal keys exist in en/<namespace>.json (plural keys as key_other)', () => {
    const missing = uses.filter((u) => !u.prefix && !has(u.ns, u.key)).map((u) => `${u.where} ${u.ns}:${u.key}`);
    expect(missing).toEqual([]);
  });

  it('template keys `prefix.${…}` have at least one text under their prefix', () => {
    const missing = uses
      .filter((u) => u.prefix && ![...(texts[u.ns] ?? [])].some((k) => k.startsWith(u.key)))
      .map((u) => `${u.where} ${u.ns}:${u.key}…`);
    expect(missing).toEqual([]);
  });
});

describe('audit actions', () => {
  // The audit viewer looks them up by a built key (t(`audit.action.${a}`)), which the literal-key check cannot see.
  it('every audit action has a staff text in English and Chinese', () => {
    const missing = ['en', 'zh-CN'].flatMap((lng) => {
      const staff = readJson(localeFile(lng, 'staff'));
      return AUDIT_ACTIONS.filter((a) => !staff[`audit.action.${a}`]).map((a) => `${lng}: audit.action.${a}`);
    });
    expect(missing).toEqual([]);
  });
});
