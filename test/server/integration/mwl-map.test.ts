// Pure parts of the worklist client: ISO 2022 decoding, answer mapping on malformed input, the query.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeIso2022, recoverIso2022 } from '../../../src/server/integration/dicom/charset';
import { mapWorklistAnswer } from '../../../src/server/integration/dicom/mwl-map';
import { worklistIdentifier } from '../../../src/server/integration/dicom/mwl-query';

const bytes = (...parts: (string | Buffer)[]) =>
  new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p))));
/** What dcmjs hands over: the bytes read as windows-1252. */
const asDcmjs = (b: Uint8Array) => new TextDecoder('windows-1252').decode(b);

describe('ISO 2022 decoding', () => {
  it('GB2312 and Arabic switched in with escapes', () => {
    const gb = bytes(
      'Wang^XiaoDong=\x1b$)A',
      iconv.encode('王', 'gb2312'),
      '\x1b(B^\x1b$)A',
      iconv.encode('小东', 'gb2312'),
      '\x1b(B',
    );
    expect(recoverIso2022(asDcmjs(gb))).toEqual({ text: 'Wang^XiaoDong=王^小东' });
    const ar = bytes('\x1b-F', iconv.encode('نزار', 'iso-8859-6'));
    expect(decodeIso2022(ar)).toEqual({ text: 'نزار' });
  });
  it('keeps a designation across "^" when the sender forgets to repeat it', () => {
    expect(decodeIso2022(bytes('\x1b$)A', iconv.encode('王^小明', 'gb2312')))).toEqual({ text: '王^小明' });
  });
  it('Japanese in G0 (JIS X 0208)', () => {
    expect(decodeIso2022(bytes('Yamada^Taro=\x1b$B\x3b\x33\x45\x44\x1b(B') /* 山田 in JIS X 0208 */)).toEqual({
      text: 'Yamada^Taro=山田',
    });
  });
  it('text without escapes is untouched; an unknown escape or invalid bytes are a problem, not garbage', () => {
    expect(recoverIso2022('Müller^Anna')).toEqual({ text: 'Müller^Anna' });
    expect(decodeIso2022(bytes('\x1b$)Z\xb0\xa1'))).toEqual({
      problem: 'has an unsupported ISO 2022 escape sequence at byte 0',
    });
    expect(decodeIso2022(bytes('\x1b$)A\xff\xff'))).toMatchObject({
      problem: expect.stringContaining('not valid gbk'),
    });
    expect(recoverIso2022('\u001b$)A\u4e00')).toMatchObject({
      problem: expect.stringContaining('cannot be recovered'),
    });
  });
});

describe('mapping a malformed answer never throws', () => {
  const good = { PatientID: 'P1', AccessionNumber: 'A1' };
  it.each([
    [{ ...good, PatientName: 42 }, ['ScheduledProcedureStepSequence']],
    [{ ...good, PatientName: [{ Alphabetic: '\u001b$)Z..' }] }, ['ScheduledProcedureStepSequence', 'PatientName']],
    [
      { ...good, ScheduledProcedureStepSequence: 'CT' },
      ['ScheduledProcedureStepSequence', 'ScheduledProcedureStepSequence'],
    ],
    [{ ...good, StudyInstanceUID: '1.2.abc' }, ['ScheduledProcedureStepSequence', 'StudyInstanceUID']],
    [{ ...good, PatientID: { x: 1 } }, ['PatientID', 'PatientID']],
    [
      {
        ...good,
        ScheduledProcedureStepSequence: [
          { ScheduledProcedureStepStartDate: '20250301', ScheduledProcedureStepStartTime: '2561' },
        ],
      },
      ['ScheduledProcedureStepSequence.ScheduledProcedureStepStartTime'],
    ],
  ])('%j', (answer, fields) => {
    const r = mapWorklistAnswer(answer);
    const problems = 'procedure' in r ? r.procedure.warnings : r.problems;
    expect(problems.map((p) => p.field).filter((f) => f !== 'RequestedProcedureCodeSequence')).toEqual(fields);
  });
  it('reads a DICOM time without seconds and one with fractions', () => {
    const at = (tm: string) => {
      const r = mapWorklistAnswer({
        ...good,
        ScheduledProcedureStepSequence: [
          { ScheduledProcedureStepStartDate: '20250301', ScheduledProcedureStepStartTime: tm },
        ],
      });
      return 'procedure' in r ? r.procedure.scheduledStart : undefined;
    };
    expect([at('0830'), at('083015.123'), at('08')]).toEqual([
      '2025-03-01T08:30:00',
      '2025-03-01T08:30:15',
      '2025-03-01T08:00:00',
    ]);
  });
});

describe('the C-FIND identifier', () => {
  const sps = (f: Parameters<typeof worklistIdentifier>[0]) =>
    (worklistIdentifier(f)['ScheduledProcedureStepSequence'] as Record<string, string>[])[0];
  it('puts the filters in the scheduled step, ranges as DICOM ranges', () => {
    expect(
      sps({ date: { from: '2025-03-01', to: '2025-03-03' }, modality: 'CT', stationAeTitle: 'CT1' }),
    ).toMatchObject({
      ScheduledProcedureStepStartDate: '20250301-20250303',
      Modality: 'CT',
      ScheduledStationAETitle: 'CT1',
    });
    expect(sps({ date: { from: '2025-03-01', to: '2025-03-01' } })?.ScheduledProcedureStepStartDate).toBe('20250301');
    expect(sps({})).toMatchObject({ ScheduledProcedureStepStartDate: '', Modality: '', ScheduledStationAETitle: '' });
  });
});
