// Mapping requested procedure codes to cards: exact, most specific row first, never guessed.
import { describe, expect, it } from 'vitest';
import { assignCards, cardMappingProblems, type CardMapping } from '../../../src/server/integration/card-mapping';
import type { ScheduledProcedure } from '../../../src/server/integration/scheduled-procedure';

const booking = (acc: string, code?: string, system?: string, modality = 'CT'): ScheduledProcedure => ({
  source: 'dicom-mwl',
  patient: { id: 'P', sex: 'unknown' },
  accessionNumber: acc,
  ...(code ? { requestedProcedure: { code, ...(system ? { system } : {}) } } : {}),
  modality,
  warnings: [],
});

const TABLE: CardMapping = [
  { code: 'CTCHEST', cardId: 'chest-ct' },
  { code: '24627-2', system: 'http://loinc.org', cardId: 'chest-ct' },
  { code: 'HEAD', cardId: 'emergency-head-ct', modality: 'CT' },
  { code: 'HEAD', cardId: 'brain-mri', modality: 'MR' },
  { code: 'ABD', cardId: 'contrast-abdomen-ct' },
  { code: 'ABD', system: 'L', cardId: 'contrast-abdomen-ct-v2' },
  { code: 'PED', cardId: 'paediatric-ct' },
  { code: 'PED', cardId: 'chest-ct' },
];

describe('assignCards', () => {
  it('maps by code, by scheme, by modality, the most specific row winning', () => {
    const r = assignCards(
      [
        booking('1', 'CTCHEST', 'L'),
        booking('2', '24627-2', 'http://loinc.org'),
        booking('3', 'HEAD', undefined, 'MR'),
        booking('4', 'HEAD', undefined, 'CT'),
        booking('5', 'ABD', 'L'),
        booking('6', 'ABD', '99LOCAL'),
      ],
      TABLE,
    );
    expect(r.mapped.map((m) => `${m.procedure.accessionNumber}→${m.cardId}`)).toEqual([
      '1→chest-ct',
      '2→chest-ct',
      '3→brain-mri',
      '4→emergency-head-ct',
      '5→contrast-abdomen-ct-v2',
      '6→contrast-abdomen-ct',
    ]);
    expect(r.unmapped).toEqual([]);
  });

  it('reports unmapped codes instead of guessing', () => {
    const r = assignCards(
      [booking('7', '24627-2', 'http://snomed.info/sct'), booking('8'), booking('9', 'PED'), booking('10', 'ctchest')],
      TABLE,
    );
    expect(r.mapped).toEqual([]);
    expect(r.unmapped).toEqual([
      { accessionNumber: '7', code: '24627-2', system: 'http://snomed.info/sct', reason: 'unknownCode' },
      { accessionNumber: '8', reason: 'noCode' },
      { accessionNumber: '9', code: 'PED', reason: 'ambiguous', candidates: ['chest-ct', 'paediatric-ct'] },
      { accessionNumber: '10', code: 'ctchest', reason: 'unknownCode' },
    ]);
  });
});

describe('cardMappingProblems', () => {
  it('names unknown cards, empty codes and one key mapped twice', () => {
    const known = new Set(['chest-ct', 'paediatric-ct']);
    expect(
      cardMappingProblems(
        [
          { code: 'A', cardId: 'chest-ct' },
          { code: ' ', cardId: 'x' },
          { code: 'A', cardId: 'paediatric-ct' },
        ],
        known,
      ),
    ).toEqual([
      'rows[1].code: is required',
      'rows[1].cardId: no card "x"',
      'rows[2]: code A is already mapped to "chest-ct"',
    ]);
    expect(cardMappingProblems([{ code: 'A', cardId: 'chest-ct' }], known)).toEqual([]);
  });
});
