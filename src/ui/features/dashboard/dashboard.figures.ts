// The dashboard's tiles: for each figure its headline, the target, the previous period's value, and
// the rows it opens (runs or records that missed it; a row with a run id opens the run). One list,
// read by the screen, the printable report and the CSV export alike.
import type { TFunction } from 'i18next';
import type { Dashboard, FigureId, HeadlineKey } from '../../../domain/kpi/kpi';
import type { RunRef } from '../../../domain/kpi/kpi.interval';
import { WAIT_TARGET_MS } from '../../../domain/kpi/kpi.timing';
import type { CsvTable } from '../../../domain/quality/quality.rows';
import { DEFAULT_TIMER_RULES } from '../../../domain/timers/timers';
import { formatDateTime } from '../../format';
import { count, minutes, pct } from './dashboard.format';

export type Row = { readonly id: string; readonly cells: readonly string[]; readonly runId?: string };
/** A CsvTable whose rows may open a run. */
export type Table = { readonly columns: CsvTable['columns']; readonly rows: readonly Row[] };

export type Tile = {
  readonly id: FigureId;
  readonly value: string;
  /** Second line: median, 90th percentile, counts. */
  readonly detail: string;
  readonly target?: string;
  readonly previous?: string;
  /** How bad it is: a share below target shows as a warning. */
  readonly warn: boolean;
  readonly opens: Table;
};

type K = Dashboard['current'];

const RULES = DEFAULT_TIMER_RULES;
const wholeMinutes = (ms: number) => `${Math.round(ms / 60_000)} min`;
const within = (ms: number) => `≤ ${wholeMinutes(ms)}`;

const runRows = (t: TFunction, refs: readonly RunRef[]): Table => ({
  columns: ['run', 'arrived', 'scanner', 'card', 'priority', 'outcome', 'duration', 'over'].map((c) =>
    t(`dashboard.col.${c}`),
  ),
  rows: refs.map((r) => ({
    id: r.runId,
    runId: r.runId,
    cells: [
      r.runId.slice(0, 8),
      formatDateTime(r.arrivedAt),
      r.scanner,
      r.sop,
      t(`priority.${r.priority}`),
      t(`kpi.outcome.${r.outcome}`),
      minutes(r.ms),
      minutes(r.overMs),
    ],
  })),
});

const plain = (t: TFunction, columns: readonly string[], rows: Row[]): Table => ({
  columns: columns.map((c) => t(`dashboard.col.${c}`)),
  rows,
});

function runList(t: TFunction, k: K, ids: readonly string[]): Table {
  const at = new Map(k.moves.needsReview.map((n) => [n.runId, n.arrivedAt] as const));
  return plain(
    t,
    ['run', 'arrived'],
    [...new Set(ids)].map((id) => ({
      id,
      runId: id,
      cells: [id.slice(0, 8), at.has(id) ? formatDateTime(at.get(id)!) : ''],
    })),
  );
}

export function tiles(t: TFunction, d: Dashboard): Tile[] {
  const k = d.current;
  const prev = (key: HeadlineKey, f: (v: number | null) => string) => f(d.previous[key]);
  const below = (v: number | null, target: number) => v !== null && v < target;
  const warm = k.warmup.filter((w) => w.scanner === '*');
  const warmMet = warm.reduce((n, w) => n + w.counts.met, 0);
  const warmJudged = warm.reduce((n, w) => n + w.counts.met + w.counts.missed, 0);
  const e = k.emergencyResponse;
  // The targets the runs pinned (a settings change never moves them); the standard when none was judged.
  const waitTarget = k.waiting.targetMs ?? WAIT_TARGET_MS;
  const warmTarget = (m: 'CT' | 'MR') =>
    warm.find((w) => w.modality === m)?.targetMs ?? RULES[m === 'CT' ? 'warmupCt' : 'warmupMr'].durationMs;
  return [
    {
      id: 'emergencyResponse',
      value: pct(e.withinTarget),
      detail: `${t('dashboard.col.median')} ${minutes(e.medianMs)} · ${t('dashboard.col.p90')} ${minutes(e.p90Ms)} · ${e.counts.met}/${e.counts.met + e.counts.missed}`,
      target: within(e.targetMs ?? RULES.emergencyResponse.durationMs),
      previous: prev('emergencyWithin', pct),
      warn: below(e.withinTarget, 1),
      opens: runRows(t, e.misses),
    },
    {
      id: 'waiting',
      value: minutes(k.waiting.medianMs),
      detail: `${t('dashboard.col.p90')} ${minutes(k.waiting.p90Ms)} · ${within(waitTarget)}: ${pct(k.waiting.withinTarget)}`,
      target: within(waitTarget),
      previous: prev('waitMedianMs', minutes),
      warn: (k.waiting.medianMs ?? 0) > waitTarget,
      opens: runRows(t, k.waiting.misses),
    },
    {
      id: 'reportHandoff',
      value: pct(k.reportHandoff.withinTarget),
      detail: `${t('dashboard.col.median')} ${minutes(k.reportHandoff.medianMs)} · ${t('dashboard.col.p90')} ${minutes(k.reportHandoff.p90Ms)}`,
      target: within(k.reportHandoff.targetMs ?? RULES.reportHandoff.durationMs),
      previous: prev('handoffWithin', pct),
      warn: below(k.reportHandoff.withinTarget, 0.9),
      opens: runRows(t, k.reportHandoff.misses),
    },
    {
      id: 'warmup',
      value: pct(warmJudged ? warmMet / warmJudged : null),
      detail: warm.map((w) => `${w.modality} ${w.counts.met}/${w.counts.met + w.counts.missed}`).join(' · '),
      target: `CT ${within(warmTarget('CT'))} · MR ${within(warmTarget('MR'))}`,
      previous: prev('warmupWithin', pct),
      warn: warmMet < warmJudged,
      opens: runRows(
        t,
        warm.flatMap((w) => w.misses),
      ),
    },
    {
      id: 'contrast',
      value: pct(k.contrast.completedShare),
      detail: `${k.contrast.counts.completed} / ${k.contrast.counts.completed + k.contrast.counts.closedEarly}`,
      target: wholeMinutes(RULES.contrastObservation.durationMs),
      previous: prev('contrastCompleted', pct),
      warn: k.contrast.counts.closedEarly + k.contrast.counts.cancelled > 0,
      opens: runRows(t, k.contrast.misses),
    },
    {
      id: 'moves',
      value: count(k.moves.skipCount + k.moves.fastPathCount),
      detail: t('dashboard.detail.moves', {
        skips: k.moves.skipCount,
        fast: k.moves.fastPathCount,
        cancels: k.moves.cancels.reduce((n, c) => n + c.count, 0),
      }),
      previous: count((d.previous.skips ?? 0) + (d.previous.fastPaths ?? 0)),
      warn: false,
      opens: runList(
        t,
        k,
        [...k.moves.skips, ...k.moves.fastPaths, ...k.moves.cancels].flatMap((r) => r.runIds),
      ),
    },
    {
      id: 'needsReview',
      value: count(k.moves.needsReview.length),
      detail: '',
      previous: prev('needsReview', count),
      warn: k.moves.needsReview.length > 0,
      opens: runList(
        t,
        k,
        k.moves.needsReview.map((n) => n.runId),
      ),
    },
    {
      id: 'rejects',
      value: pct(k.quality.rejects.rejectRate),
      detail: t('dashboard.detail.rejects', { value: pct(k.quality.rejects.repeatRate) }),
      previous: prev('rejectRate', pct),
      warn: false,
      opens: plain(
        t,
        ['record'],
        k.quality.rejects.records.map((id) => ({ id, cells: [id.slice(0, 8)] })),
      ),
    },
    {
      id: 'qc',
      value: pct(k.quality.qc.passShare),
      detail: t('dashboard.detail.qc', {
        tolerance: pct(k.quality.qc.toleranceShare),
        action: pct(k.quality.qc.actionShare),
        total: k.quality.qc.total,
      }),
      previous: prev('qcPass', pct),
      warn: k.quality.qc.counts.action > 0,
      opens: plain(
        t,
        ['arrived', 'scanner', 'test', 'outcome'],
        k.quality.qc.misses.map((m) => ({
          id: m.resultId,
          cells: [formatDateTime(m.at), m.scannerId, m.setLabel, m.outcome],
        })),
      ),
    },
    {
      id: 'overdueQc',
      value: count(k.quality.overdueQc.length),
      detail: '',
      warn: k.quality.overdueQc.length > 0,
      opens: plain(
        t,
        ['scanner', 'test', 'deadline'],
        k.quality.overdueQc.map((o) => ({
          id: `${o.scannerId}|${o.setId}`,
          cells: [o.scannerId, o.label, formatDateTime(o.deadline)],
        })),
      ),
    },
    {
      id: 'adverse',
      value: count(k.quality.adverse.total),
      detail: Object.entries(k.quality.adverse.byKind)
        .map(([kind, n]) => `${kind} ${n}`)
        .join(' · '),
      previous: prev('adverse', count),
      warn: false,
      opens: plain(
        t,
        ['arrived', 'kind', 'severity', 'status'],
        k.quality.adverse.reports.map((r) => ({
          id: r.reportId,
          ...(r.runId && { runId: r.runId }),
          cells: [formatDateTime(r.occurredAt), r.kind, r.severity, r.status],
        })),
      ),
    },
    {
      id: 'runs',
      value: count(k.runs.total),
      detail: t('dashboard.detail.runs', { exams: k.runs.exams, qc: k.runs.qc }),
      previous: prev('runs', count),
      warn: false,
      opens: plain(
        t,
        ['status', 'count'],
        Object.entries(k.runs.byStatus).map(([s, n]) => ({ id: s, cells: [s, String(n)] })),
      ),
    },
  ];
}
