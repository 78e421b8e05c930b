// The quality records as flat tables, filtered: what the tablet and the server list, export as CSV
// and print. One definition of the columns, so a CSV from the tablet and one from the server agree.
import { ADVERSE_KINDS } from './adverse-event';
import type { QualityState } from './quality.projection';

export const RECORD_KINDS = ['equipment', 'qc', 'service', 'overrides', 'imageQc', 'adverse'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export type RecordFilter = {
  readonly scannerId?: string;
  /** Inclusive, epoch ms. */
  readonly from?: number;
  /** Exclusive, epoch ms. */
  readonly to?: number;
  /** QC outcome, adverse-event status or kind, equipment status, service kind: matched against `match`. */
  readonly match?: string;
};

export type RecordTable = {
  readonly kind: RecordKind;
  readonly columns: readonly string[];
  /** One row per record: its id, when, and the cells in column order. */
  readonly rows: readonly { readonly id: string; readonly at: number; readonly cells: readonly string[] }[];
};

type Fmt = (at: number) => string;
const opt = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export function recordTable(state: QualityState, kind: RecordKind, f: RecordFilter, time: Fmt): RecordTable {
  const inRange = (at: number) => (f.from === undefined || at >= f.from) && (f.to === undefined || at < f.to);
  const scanner = (id: string | undefined) => !f.scannerId || id === f.scannerId;
  const matches = (...values: (string | undefined)[]) => !f.match || values.includes(f.match);
  const table = (columns: string[], rows: RecordTable['rows']): RecordTable => ({
    kind,
    columns,
    rows: [...rows].sort((a, b) => b.at - a.at),
  });
  switch (kind) {
    case 'equipment':
      return table(
        [
          'Scanner',
          'Name',
          'Modality',
          'Room',
          'Vendor',
          'Model',
          'Serial',
          'Commissioned',
          'Status',
          'Reason',
          'Since',
        ],
        [...state.equipment.values()]
          .filter((e) => scanner(e.scannerId) && matches(e.status))
          .map((e) => ({
            id: e.scannerId,
            at: e.statusAt,
            cells: [
              e.scannerId,
              e.name,
              e.modality,
              e.room,
              e.vendor,
              e.model,
              e.serial,
              e.commissionedOn,
              e.status,
              opt(e.statusReason),
              e.statusAt ? time(e.statusAt) : '',
            ],
          })),
      );
    case 'qc':
      return table(
        [
          'When',
          'Scanner',
          'Test set',
          'Version',
          'Purpose',
          'Outcome',
          'Results (value, reference, windows)',
          'By',
          'Reviewed',
          'Review note',
        ],
        state.results
          .filter((r) => inRange(r.at) && scanner(r.scannerId) && matches(r.outcome, r.purpose))
          .map((r) => ({
            id: r.resultId,
            at: r.at,
            cells: [
              time(r.at),
              r.scannerId,
              r.setLabel,
              String(r.setVersion),
              r.purpose,
              r.outcome,
              r.items
                .map((i) =>
                  i.tolerance
                    ? `${i.label}: ${opt(i.value)} ${opt(i.unit)} ${i.outcome} (ref ${i.tolerance.reference}, ±${i.tolerance.tolerance}/±${i.tolerance.action}${i.tolerance.kind === 'percent' ? '%' : ''}${i.tolerance.side && i.tolerance.side !== 'both' ? ` ${i.tolerance.side} only` : ''})`
                    : `${i.label}: ${i.outcome === 'notDone' ? 'not done' : i.passed ? 'pass' : 'fail'}`,
                )
                .join('; '),
              r.user,
              r.reviewed
                ? `${time(r.reviewed.at)} by ${r.reviewed.user}`
                : r.outcome === 'tolerance' || r.outcome === 'action'
                  ? 'awaiting review'
                  : '',
              opt(r.reviewed?.note),
            ],
          })),
      );
    case 'service':
      return table(
        [
          'When',
          'Scanner',
          'Kind',
          'Problem',
          'Work done',
          'By',
          'Downtime start',
          'Downtime end',
          'Parts',
          'Return approved',
        ],
        state.service
          .filter((s) => inRange(s.at) && scanner(s.scannerId) && matches(s.kind))
          .map((s) => ({
            id: s.entryId,
            at: s.at,
            cells: [
              time(s.at),
              s.scannerId,
              s.kind,
              s.problem,
              s.workDone,
              s.by,
              s.downtimeStart ? time(s.downtimeStart) : '',
              s.downtimeEnd ? time(s.downtimeEnd) : '',
              opt(s.parts),
              s.approved ? `${time(s.approved.at)} by ${s.approved.user}` : '',
            ],
          })),
      );
    case 'overrides':
      return table(
        ['When', 'Scanner', 'Flags', 'Reason', 'Run', 'By'],
        state.overrides
          .filter((o) => inRange(o.at) && scanner(o.scannerId))
          .map((o) => ({
            id: o.overrideId,
            at: o.at,
            cells: [time(o.at), o.scannerId, o.flags.join(', '), o.reason, opt(o.runId), o.user],
          })),
      );
    case 'imageQc':
      return table(
        ['When', 'Scanner', 'Card', 'Outcome', 'Images', 'Reason', 'Reason text', 'Technologist', 'Run'],
        state.imageQc
          .filter((r) => inRange(r.at) && scanner(r.scannerId) && matches(r.outcome))
          .map((r) => ({
            id: r.id,
            at: r.at,
            cells: [
              time(r.at),
              r.scannerId,
              r.sopId ? `${r.sopId}@${opt(r.sopVersion)}` : '',
              r.outcome,
              String(r.images),
              opt(r.reason),
              opt(r.reasonText),
              r.technologist,
              opt(r.runId),
            ],
          })),
      );
    case 'adverse':
      return table(
        [
          'Occurred',
          'Kind',
          'Severity',
          'Class',
          'Harm',
          'Status',
          'Scanner',
          'Patient',
          'What happened',
          'Actions taken',
          'Outcome',
          'Reported by',
          'Amendments',
          'Status history',
        ],
        state.adverse
          .filter(
            (c) => inRange(c.current.occurredAt) && scanner(c.current.scannerId) && matches(c.status, c.current.kind),
          )
          .map((c) => ({
            id: c.reportId,
            at: c.current.occurredAt,
            cells: [
              time(c.current.occurredAt),
              c.current.kind,
              [c.current.contrast?.reactionType, c.current.contrast?.severity].filter(Boolean).join(' '),
              c.current.ahrqClass,
              c.current.harm,
              c.status,
              opt(c.current.scannerId),
              opt(c.current.patientId),
              c.current.whatHappened,
              c.current.actionsTaken,
              opt(c.current.outcome),
              `${c.reportedBy} at ${time(c.reportedAt)}`,
              c.amendments
                .map((a) => `${time(a.at)} ${a.user}: ${a.note} (${Object.keys(a.changes).join(', ')})`)
                .join('; '),
              c.history.map((h) => `${time(h.at)} ${h.user}: ${h.status}${h.note ? ` (${h.note})` : ''}`).join('; '),
            ],
          })),
      );
  }
}

export const isAdverseKind = (k: string) => (ADVERSE_KINDS as readonly string[]).includes(k);

/** Any table of text cells: the quality records, the dashboard's tables and drill-down lists. */
export type CsvTable = {
  readonly columns: readonly string[];
  readonly rows: readonly { readonly cells: readonly string[] }[];
};

/** RFC 4180 CSV; a cell a spreadsheet would run as a formula (=, +, -, @) is prefixed with '. */
export function toCsv(t: CsvTable): string {
  const cell = (v: string) => {
    const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [t.columns, ...t.rows.map((r) => r.cells)].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
