// Issue 11 item 6 and issue 17 item 9: the exported records as a QA lead reads them: names, card
// titles, scanner labels, local times, answers and deviations in words, who performed the exam and
// which radiologist decided a consult; never UUIDs, option values or epoch milliseconds.
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExportedExamRecord } from '../../../domain/run/run.export';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { formatDateTime } from '../../format';
import { examRecordsCsv } from './exam-records-csv';
import type { Names } from './readable';

const CHEN = '58f4a04f-0000-4000-8000-000000000001';
const names: Names = {
  user: (id) => (id === CHEN ? 'Chen Yu' : (id ?? '')),
  card: (id, v) => (id === 'chest-ct' ? `Chest CT v${v}` : id),
  scanner: (id) => (id === 'ct-1' ? 'CT 1' : (id ?? '')),
  subject: (s) => s ?? '',
};
const at = (min: number) => Date.UTC(2026, 10, 23, 9, min);
const quoted = (s: string) => (/[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

const record: ExportedExamRecord = {
  runId: 'b1c2d3e4-0000-4000-8000-000000000009',
  sop: { id: 'chest-ct', version: 2 },
  modality: 'CT',
  scanner: 'ct-1',
  priority: 'urgent',
  arrivedAt: at(0),
  patientId: 'P-1',
  status: 'completed',
  completedAt: at(30),
  cancelledAt: null,
  cancelReason: null,
  currentStep: 'send',
  scanStartedAt: at(12),
  bodyPart: 'chest',
  performedBy: {
    stepId: 'send',
    itemId: 'performedBy',
    kind: 'text',
    label: 'common.send.performedBy',
    value: 'Wang Li',
    recordField: 'performedBy',
    prefilled: true,
  },
  contrastLot: null,
  consultRadiologists: [
    {
      stepId: 'pregnancyConsult',
      itemId: 'consultRadiologist',
      kind: 'text',
      label: 'common.consult.radiologist',
      value: 'Dr Zhou',
      recordField: 'consultRadiologist',
    },
  ],
  answers: [
    {
      stepId: 'scan',
      itemId: 'protocol',
      kind: 'choice',
      label: 'chestCt.protocol',
      value: 'lowDose',
      optionLabel: 'chestCt.protocol.lowDose',
    },
  ],
  deviations: [
    { kind: 'skipped', stepId: 'preparation', stepTitle: 'common.preparation.title', reason: 'on the ward', at: at(5) },
  ],
  needsReview: [],
  eventCount: 31,
  lastEventAt: at(30),
  recordedBy: CHEN,
  device: 'd-1',
  engineVersion: 1,
  problem: null,
};

beforeAll(async () => {
  await initTestI18n();
});

describe('examRecordsCsv', () => {
  it('one row per record in words; fields it does not know are kept at the end, times as local times', () => {
    const csv = examRecordsCsv([{ ...record, receivedAt: at(31) }], names, i18next.t);
    const [header, row, end] = csv.replace('\uFEFF', '').split('\r\n');
    expect(end).toBe('');
    expect(header!.split(',').slice(0, 16)).toEqual([
      'Arrived (local time)',
      'Exam',
      'Scanner',
      'Priority',
      'Patient ID',
      'Status',
      'Completed (local time)',
      'Body part examined',
      'Performed by',
      'Consulting radiologist',
      'Contrast batch (lot)',
      'Deviations',
      'Moves to review',
      'Answers',
      'Last change (local time)',
      'Started by',
    ]);
    expect(header!.split(',').slice(16)).toEqual([
      'runId',
      'modality',
      'cancelledAt',
      'cancelReason',
      'currentStep',
      'scanStartedAt',
      'eventCount',
      'device',
      'engineVersion',
      'problem',
      'receivedAt',
    ]);
    const time = (min: number) => quoted(formatDateTime(at(min)));
    expect(row).toContain(`${time(0)},Chest CT v2,CT 1,Urgent,P-1,completed,${time(30)},chest,`);
    expect(row).toContain('Wang Li (filled in automatically),Dr Zhou,,');
    expect(row).toContain(quoted(i18next.t('record.skipped', { step: 'Preparation', reason: 'on the ward' })));
    expect(row).toContain(`,0,${quoted('Protocol: Low-dose chest')},`);
    expect(row).toContain(`${time(30)},Chen Yu,`);
    expect(row).toContain(time(12)); // scanStartedAt, not known by name, still a local time
    expect(row).toContain(time(31)); // receivedAt, a field this tablet has never heard of
    for (const raw of [CHEN, 'lowDose', 'ct-1', String(at(0)), String(at(12)), String(at(31))])
      expect(row).not.toContain(raw);
  });

  it('a record the server could not read says so in words', () => {
    const csv = examRecordsCsv(
      [{ ...record, status: 'projectionFailed', problem: 'the stored card is not valid here' }],
      names,
      i18next.t,
    );
    expect(csv).toContain(',P-1,could not be read (see problem),');
  });
});
