// The exam-record export as a spreadsheet a QA lead reads: names, card titles, scanner labels, local
// times, answers and deviations in the staff language (the same wording as the record screen). The
// server's fields this tablet does not know yet are kept at the end, times among them as local times.
import type { TFunction } from 'i18next';
import type { ExportedExamRecord } from '../../../domain/run/run.export';
import type { RecordAnswer } from '../../../domain/run/run.record';
import { formatDateTime } from '../../format';
import { answerText, deviationText } from '../../record-text';
import type { Names } from './readable';

type Row = Partial<ExportedExamRecord> & Record<string, unknown>;

const csvCell = (v: unknown) => {
  const text = v === null || v === undefined ? '' : String(v);
  return /[",\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const time = (v: unknown) => (typeof v === 'number' ? formatDateTime(v) : '');

export function examRecordsCsv(records: readonly Row[], names: Names, t: TFunction): string {
  const sep = t('record.listSeparator');
  const said = (a: RecordAnswer | null | undefined) =>
    a ? `${answerText(a, t)}${a.prefilled ? ` (${t('record.prefilled')})` : ''}` : '';
  const columns: [keyof ExportedExamRecord, string, (r: Row) => unknown][] = [
    ['arrivedAt', t('reports.col.arrived'), (r) => time(r.arrivedAt)],
    ['sop', t('reports.col.exam'), (r) => (r.sop?.id ? names.card(r.sop.id, r.sop.version ?? undefined) : '')],
    ['scanner', t('reports.col.scanner'), (r) => names.scanner(r.scanner)],
    ['priority', t('reports.col.priority'), (r) => (typeof r.priority === 'string' ? t(`priority.${r.priority}`) : '')],
    ['patientId', t('reports.col.patientId'), (r) => r.patientId],
    ['status', t('reports.col.status'), (r) => (r.status ? statusText(r.status, t) : '')],
    ['completedAt', t('reports.col.completed'), (r) => time(r.completedAt)],
    ['bodyPart', t('reports.col.bodyPart'), (r) => r.bodyPart],
    ['performedBy', t('reports.col.performedBy'), (r) => said(r.performedBy)],
    ['consultRadiologists', t('reports.col.consultRadiologists'), (r) => r.consultRadiologists?.map(said).join(sep)],
    ['contrastLot', t('reports.col.contrastLot'), (r) => said(r.contrastLot)],
    ['deviations', t('reports.col.deviations'), (r) => r.deviations?.map((d) => deviationText(d, t)).join('; ')],
    ['needsReview', t('reports.col.needsReview'), (r) => r.needsReview?.length],
    [
      'answers',
      t('reports.col.answers'),
      (r) => r.answers?.map((a) => `${t(a.label, { ns: 'sop' })}: ${said(a)}`).join('; '),
    ],
    ['lastEventAt', t('reports.col.lastEvent'), (r) => time(r.lastEventAt)],
    ['recordedBy', t('reports.col.recordedBy'), (r) => names.user(r.recordedBy)],
  ];
  const known = new Set<string>(columns.map(([key]) => key));
  const extra = [...new Set(records.flatMap((r) => Object.keys(r)))].filter((k) => !known.has(k));
  const extraCell = (k: string, v: unknown) =>
    k.endsWith('At') && typeof v === 'number' ? time(v) : typeof v === 'object' && v !== null ? JSON.stringify(v) : v;
  const header = [...columns.map(([, name]) => name), ...extra];
  const rows = records.map((r) => [...columns.map(([, , get]) => get(r)), ...extra.map((k) => extraCell(k, r[k]))]);
  return '\uFEFF' + [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function statusText(status: ExportedExamRecord['status'], t: TFunction): string {
  if (status === 'sopUnknown' || status === 'projectionFailed') return t(`reports.status.${status}`);
  return t(`status.${status}`);
}
