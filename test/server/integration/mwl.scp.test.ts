// The worklist client against a real DICOM worklist SCP (dcmtk's wlmscpfs) on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryWorklist, WorklistError } from '../../../src/server/integration/dicom/mwl-client';
import type { WorklistQuery } from '../../../src/server/integration/dicom/mwl-query';
import { freePort, startFakeServer, startWorklistServer, type RunningScp, type WorklistEntry } from './wlm-scp';

const CT_CHEST = { value: 'CTCHEST', scheme: 'L', meaning: 'CT chest' };
const base = { modality: 'CT', station: 'CT1', date: '20250301', code: CT_CHEST } as const;

const CT_ENTRIES: WorklistEntry[] = [
  {
    ...base,
    accession: 'A1',
    patientId: 'P1',
    name: 'Zhang^Wei=张^伟',
    birthDate: '19800101',
    sex: 'M',
    studyUid: '1.2.826.0.1.1',
  },
  { ...base, accession: 'A2', patientId: 'P2', name: 'محمد^أحمد', birthDate: '19750612', sex: 'F', time: '091500' },
  { ...base, accession: 'A3', patientId: 'P3', name: 'Meyer^Anna', modality: 'MR', station: 'MR1' },
  {
    ...base,
    accession: 'A4',
    patientId: 'P4',
    name: 'Wang^XiaoDong=王^小东',
    station: 'CT2',
    date: '20250302',
    charset: 'iso2022-gb2312',
  },
  { ...base, accession: 'A5', patientId: 'P5', name: 'قباني^نزار', date: '20250303', charset: 'iso-ir-127' },
  { ...base, accession: 'A6', patientId: 'P6', name: '李^娜', date: '20250304', charset: 'gb18030' },
];
const MR_ENTRIES: WorklistEntry[] = [{ ...base, accession: 'M1', patientId: 'Q1', name: 'Other^Dept', modality: 'MR' }];
const BAD_ENTRIES: WorklistEntry[] = [
  { ...base, accession: 'B1', name: 'No^Id' },
  { ...base, patientId: 'P8', name: 'No^Accession' },
  { ...base, accession: 'B3', patientId: 'P9', name: 'Bad^Dates', birthDate: '19801345', sex: 'X' },
];

let scp: RunningScp;
const at = (extra: Partial<WorklistQuery> = {}): WorklistQuery => ({
  host: '127.0.0.1',
  port: scp.port,
  callingAeTitle: 'SCANCARD',
  calledAeTitle: 'RIS_CT',
  timeoutMs: 5000,
  ...extra,
});
const accessions = async (q: WorklistQuery) => (await queryWorklist(q)).procedures.map((p) => p.accessionNumber).sort();

beforeAll(async () => {
  scp = await startWorklistServer({ RIS_CT: CT_ENTRIES, RIS_MR: MR_ENTRIES, RIS_BAD: BAD_ENTRIES });
});
afterAll(async () => {
  await scp?.stop();
});

describe('filters', () => {
  it('by modality and date', async () => {
    expect(await accessions(at({ modality: 'CT', date: { from: '2025-03-01' } }))).toEqual(['A1', 'A2']);
  });
  it('by date range', async () => {
    expect(await accessions(at({ modality: 'CT', date: { from: '2025-03-01', to: '2025-03-03' } }))).toEqual([
      'A1',
      'A2',
      'A4',
      'A5',
    ]);
  });
  it('by station AE title', async () => {
    expect(await accessions(at({ stationAeTitle: 'CT2' }))).toEqual(['A4']);
  });
  it('by called AE title: each folder is its own worklist', async () => {
    expect(await accessions(at({ calledAeTitle: 'RIS_MR' }))).toEqual(['M1']);
    expect((await accessions(at())).length).toBe(6);
  });
});

describe('mapping and character sets', () => {
  it('maps an answer to a ScheduledProcedure', async () => {
    const { procedures } = await queryWorklist(at({ date: { from: '2025-03-01' }, modality: 'CT' }));
    const a1 = procedures.find((p) => p.accessionNumber === 'A1')!;
    expect(a1).toMatchObject({
      source: 'dicom-mwl',
      patient: {
        id: 'P1',
        birthDate: '1980-01-01',
        sex: 'male',
        name: { text: '张伟', family: '张', given: '伟', alternates: ['Zhang Wei'] },
      },
      requestedProcedure: { code: 'CTCHEST', system: 'L', meaning: 'CT chest' },
      procedureDescription: 'CT chest',
      scheduledStart: '2025-03-01T08:30:00',
      modality: 'CT',
      stationAeTitle: 'CT1',
      studyInstanceUid: '1.2.826.0.1.1',
      sourceId: 'RP-A1',
      warnings: [],
    });
    const a2 = procedures.find((p) => p.accessionNumber === 'A2')!;
    expect(a2.patient.name?.text).toBe('محمد أحمد');
    expect(a2.scheduledStart).toBe('2025-03-01T09:15:00');
  });

  it('decodes Chinese sent as ISO 2022 IR 58 (GB2312 with escapes)', async () => {
    const [p] = (await queryWorklist(at({ stationAeTitle: 'CT2' }))).procedures;
    expect(p!.patient.name).toEqual({ text: '王小东', family: '王', given: '小东', alternates: ['Wang XiaoDong'] });
    expect(p!.warnings).toEqual([]);
  });

  it('decodes Arabic in ISO_IR 127 and Chinese in GB18030', async () => {
    const { procedures } = await queryWorklist(at({ date: { from: '2025-03-03', to: '2025-03-04' } }));
    const name = (acc: string) => procedures.find((p) => p.accessionNumber === acc)?.patient.name?.text;
    expect(name('A5')).toBe('قباني نزار');
    expect(name('A6')).toBe('李娜');
  });

  it('skips answers without patient id or accession with the reason, and drops bad values with a warning', async () => {
    const r = await queryWorklist(at({ calledAeTitle: 'RIS_BAD' }));
    expect(r.answers).toBe(3);
    expect(
      r.skipped.map((s) => `${s.accessionNumber ?? '-'}: ${s.problems.map((p) => p.field).join()}`).sort(),
    ).toEqual(['-: AccessionNumber', 'B1: PatientID']);
    expect(r.procedures).toHaveLength(1);
    const p = r.procedures[0]!;
    expect(p.patient.birthDate).toBeUndefined();
    expect(p.patient.sex).toBe('unknown');
    expect(p.warnings.map((w) => w.field)).toEqual(['PatientSex', 'PatientBirthDate']);
  });
});

describe('failures the caller can show', () => {
  const kindOf = (q: WorklistQuery) =>
    queryWorklist(q).then(
      () => 'answered',
      (e: unknown) => (e instanceof WorklistError ? e.kind : `untyped: ${String(e)}`),
    );

  it('a server that is down', async () => {
    expect(await kindOf(at({ port: await freePort() }))).toBe('refused');
  });
  it('an unknown called AE title is rejected', async () => {
    expect(await kindOf(at({ calledAeTitle: 'NO_SUCH_AE' }))).toBe('rejected');
  });
  it('a server that answers too slowly', async () => {
    const slow = await startWorklistServer({ RIS_CT: CT_ENTRIES }, ['--sleep-before', '3']);
    try {
      expect(await kindOf(at({ port: slow.port, timeoutMs: 500 }))).toBe('tooSlow');
    } finally {
      await slow.stop();
    }
  });
  it('a socket that accepts and never answers', async () => {
    const silent = await startFakeServer('silent');
    try {
      expect(await kindOf(at({ port: silent.port, timeoutMs: 500 }))).toBe('tooSlow');
    } finally {
      await silent.stop();
    }
  });
  it('something that is not DICOM', async () => {
    const http = await startFakeServer('garbage');
    try {
      expect(await kindOf(at({ port: http.port }))).toBe('protocol');
    } finally {
      await http.stop();
    }
  });
  it('a bad query names the field and sends nothing', async () => {
    const err = await queryWorklist(at({ calledAeTitle: 'A\\B', date: { from: '2025-02-30' } })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorklistError);
    expect((err as WorklistError).problems.map((p) => p.field)).toEqual(['calledAeTitle', 'date.from']);
  });
});
