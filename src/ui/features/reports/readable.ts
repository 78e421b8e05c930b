// What a QA lead reads: people by name, exam types by card title, local times, actions in words,
// never bare UUIDs or epoch milliseconds. Names come from this tablet's user directory and the
// runs it holds (their non-identifying summaries); anything unknown stays as it is.
import { useLiveQuery } from 'dexie-react-hooks';
import type { TFunction } from 'i18next';
import { directoryUsers } from '../../../db/keyring.repo';
import type { ScanCardDb } from '../../../db/db';
import type { Scanner } from '../../../domain/scanners/scanner';
import type { SopLibrary } from '../../hooks/use-sop-library';
import { formatDateTime } from '../../format';

export type Names = {
  user(id: string | null | undefined): string;
  card(id: string, version?: number): string;
  subject(subject: string | undefined): string;
};

export function useNames(
  db: ScanCardDb,
  library: SopLibrary | undefined,
  scanners: readonly Scanner[],
  t: TFunction,
): Names {
  const users = useLiveQuery(() => directoryUsers(db), [db]) ?? [];
  const runs = useLiveQuery(() => db.runs.toArray(), [db]) ?? [];
  const userName = (id: string | null | undefined) => (id && users.find((u) => u.id === id)?.displayName) || id || '—';
  const card = (id: string, version?: number) => {
    const sop = library?.all.find((s) => s.id === id && (version === undefined || s.version === version));
    return sop
      ? `${t(sop.title, { ns: 'sop' })}${version ? ` v${version}` : ''}`
      : `${id}${version ? ` v${version}` : ''}`;
  };
  const subject = (s: string | undefined) => {
    if (!s) return '';
    const run = runs.find((r) => r.id === s);
    if (run) return `${card(run.summary.sop.id)} · ${run.summary.scanner} · ${formatDateTime(run.summary.arrivedAt)}`;
    if (users.some((u) => u.id === s)) return userName(s);
    const scanner = /^scanner:(.+)$/.exec(s)?.[1];
    if (scanner) return scanners.find((x) => x.id === scanner)?.label ?? scanner;
    const sop = /^([a-z][\w-]*)@(\d+)$/.exec(s);
    if (sop) return card(sop[1]!, Number(sop[2]));
    if (s === 'exam-records') return t('reports.subject.examRecords');
    return s;
  };
  return { user: userName, card, subject };
}

const csvCell = (v: unknown) => {
  const text = v === null || v === undefined ? '' : String(v);
  return /[",\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Exam records as a spreadsheet: names and card titles, local times; unknown fields kept at the end. */
export function examRecordsCsv(records: readonly Record<string, unknown>[], names: Names, t: TFunction): string {
  const time = (v: unknown) => (typeof v === 'number' ? formatDateTime(v) : '');
  const yes = (v: unknown) => (v === true ? t('answer.yes') : v === false ? t('answer.no') : '');
  const columns: [string, (r: Record<string, unknown>) => unknown][] = [
    [t('reports.col.arrived'), (r) => time(r.arrivedAt)],
    [
      t('reports.col.exam'),
      (r) => {
        const s = r.sop as { id: string; version: number } | undefined;
        return s ? names.card(s.id, s.version) : '';
      },
    ],
    [t('reports.col.scanner'), (r) => r.scanner],
    [t('reports.col.priority'), (r) => (typeof r.priority === 'string' ? t(`priority.${r.priority}`) : '')],
    [t('reports.col.patientId'), (r) => r.patientId],
    [t('reports.col.bodyPart'), (r) => r.bodyPart],
    [t('reports.col.cancelled'), (r) => yes(r.cancelled)],
    [t('reports.col.fastPath'), (r) => yes(r.fastPath)],
    [t('reports.col.skippedSteps'), (r) => r.skippedSteps],
    [t('reports.col.lastEvent'), (r) => time(r.lastEventAt)],
    [t('reports.col.recordedBy'), (r) => names.user(r.recordedBy as string | undefined)],
  ];
  const known = new Set([
    'arrivedAt',
    'sop',
    'scanner',
    'priority',
    'patientId',
    'bodyPart',
    'cancelled',
    'fastPath',
    'skippedSteps',
    'lastEventAt',
    'recordedBy',
  ]);
  const extra = [...new Set(records.flatMap((r) => Object.keys(r)))].filter((k) => !known.has(k));
  const header = [...columns.map(([name]) => name), ...extra];
  const rows = records.map((r) => [
    ...columns.map(([, get]) => get(r)),
    ...extra.map((k) => (typeof r[k] === 'object' ? JSON.stringify(r[k]) : r[k])),
  ]);
  return '\uFEFF' + [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
