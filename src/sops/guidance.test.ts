// Patient guidance texts (locales/<lng>/patient.json, flat keys) against the built-in cards.
// Cards point at shared topics: step.guidance = "topic.<id>", with the script in
// topic.<id>.title/.what/.do/.time. A child's version of a topic is one text per age band,
// child.<band>.<id> (infant: spoken to the parent; young, school, teen: to the child), shown in
// place of .what and .do. Here only English and Chinese are compared; all languages are checked elsewhere.
import { describe, expect, it } from 'vitest';
import { GUARDIAN_NOTES } from '../domain/sop/sop.schema';
import en from '../../locales/en/patient.json';
import zh from '../../locales/zh-CN/patient.json';
import { BUILT_IN_SOPS } from './library';

const PARTS = ['title', 'what', 'do', 'time'] as const;
const BANDS = ['infant', 'young', 'school', 'teen'] as const;
const TOPIC_KEY = /^topic\.([a-z][a-zA-Z0-9]*)$/;
const LOCALES: Record<string, Record<string, string>> = { en, 'zh-CN': zh };

const steps = BUILT_IN_SOPS.flatMap((sop) => sop.steps.map((step) => ({ sop, step, where: `${sop.id} › ${step.id}` })));
const topicOf = (key: string) => TOPIC_KEY.exec(key)?.[1];
const placeholders = (text: string) => [...text.matchAll(/{{\s*([\w.]+)\s*}}/g)].map((m) => m[1]).sort();

describe('patient guidance', () => {
  it('every guidance key on a card is a shared topic "topic.<id>" with title, what, do and time in English', () => {
    const problems: string[] = [];
    for (const { step, where } of steps) {
      if (step.guidance === undefined) continue;
      const topic = topicOf(step.guidance);
      if (!topic) {
        problems.push(`${where}: guidance "${step.guidance}" is not of the form topic.<id>`);
        continue;
      }
      for (const part of PARTS)
        if (!(`topic.${topic}.${part}` in en)) problems.push(`${where}: en has no "topic.${topic}.${part}"`);
    }
    expect(problems).toEqual([]);
  });

  it('every topic text has all four parts and no other', () => {
    const problems: string[] = [];
    for (const key of Object.keys(en).filter((k) => k.startsWith('topic.'))) {
      const m = /^topic\.([a-z][a-zA-Z0-9]*)\.(\w+)$/.exec(key);
      if (!m || !(PARTS as readonly string[]).includes(m[2]!))
        problems.push(`"${key}" is not topic.<id>.(${PARTS.join('|')})`);
      else
        for (const part of PARTS)
          if (!(`topic.${m[1]}.${part}` in en)) problems.push(`"topic.${m[1]}.${part}" is missing`);
    }
    expect([...new Set(problems)]).toEqual([]);
  });

  it('every step a patient or parent sees on the pediatric card has a topic with a text for each age band', () => {
    const problems: string[] = [];
    for (const { sop, step, where } of steps) {
      if (sop.population !== 'pediatric' || !step.guidance) continue;
      const topic = topicOf(step.guidance);
      for (const band of BANDS)
        if (!(`child.${band}.${topic}` in en)) problems.push(`${where}: en has no "child.${band}.${topic}"`);
    }
    expect(problems).toEqual([]);
  });

  it('a child variant exists for all four age bands or none, and belongs to a topic', () => {
    const problems: string[] = [];
    const childKeys = Object.keys(en).filter((k) => k.startsWith('child.'));
    const topics = new Set<string>();
    for (const key of childKeys) {
      const m = /^child\.(\w+)\.([a-z][a-zA-Z0-9]*)$/.exec(key);
      if (!m || !(BANDS as readonly string[]).includes(m[1]!)) {
        problems.push(`"${key}" is not child.<${BANDS.join('|')}>.<topic>`);
        continue;
      }
      topics.add(m[2]!);
    }
    for (const topic of topics) {
      for (const band of BANDS)
        if (!(`child.${band}.${topic}` in en)) problems.push(`"child.${band}.${topic}" is missing`);
      if (!(`topic.${topic}.title` in en)) problems.push(`child texts for "${topic}", but no topic.${topic}.*`);
    }
    expect(problems).toEqual([]);
  });

  it('every guardian note used on a card, and every possible note, has a text', () => {
    const used = steps.flatMap(({ step }) => step.guardianNotes ?? []);
    const missing = [...new Set([...GUARDIAN_NOTES, ...used])].filter((n) => !(`guardian.${n}` in en));
    expect(missing).toEqual([]);
  });

  it('has the patient-view chrome and the breath-hold coach texts', () => {
    const needed = [
      'ui.heading',
      'ui.whatHappens',
      'ui.whatToDo',
      'ui.howLong',
      'ui.readAloud',
      'ui.stopReading',
      'ui.needHelp',
      'ui.interpreter',
      'ui.forParent',
      'ui.staffOnly',
      'breath.ready',
      'breath.in',
      'breath.out',
      'breath.inHold',
      'breath.hold',
      'breath.normal',
      'breath.wellDone',
      'practice.title',
      'practice.still',
      'practice.breath',
      'practice.great',
      'practice.again',
      'practice.start',
    ];
    expect(needed.filter((k) => !(k in en))).toEqual([]);
  });

  it('English and Chinese have the same keys', () => {
    const enKeys = Object.keys(en);
    const zhKeys = new Set(Object.keys(zh));
    expect({
      missingInZh: enKeys.filter((k) => !zhKeys.has(k)),
      extraInZh: [...zhKeys].filter((k) => !(k in en)),
    }).toEqual({
      missingInZh: [],
      extraInZh: [],
    });
  });

  it.each(Object.keys(LOCALES))('%s: no text is empty, and placeholders match English', (lng) => {
    const texts = LOCALES[lng]!;
    const empty = Object.entries(texts)
      .filter(([, v]) => typeof v !== 'string' || v.trim() === '')
      .map(([k]) => k);
    expect(empty).toEqual([]);
    const mismatched = Object.keys(texts).filter(
      (k) => k in en && placeholders(texts[k]!).join() !== placeholders((en as Record<string, string>)[k]!).join(),
    );
    expect(mismatched).toEqual([]);
  });
});
