// The QA dashboard's figures: one pure function of projected runs and quality records, with the
// period, the filters, the site's time zone and `now` passed in. The tablet runs it over what it
// holds, the server over its projection: the same function, so the same answers on the same data.
import type { QualityState } from '../quality/quality.projection';
import type { ProjectedRun } from '../run/run.projection';
import { contrastObservation, type ContrastFigure } from './kpi.contrast';
import { previousPeriod, runMatches, type KpiFilter, type Period } from './kpi.filter';
import type { IntervalFigure } from './kpi.interval';
import { moves, type MovesFigure } from './kpi.moves';
import { qualityFigures, type QualityFigures } from './kpi.quality';
import { stepTimes, type StepTime } from './kpi.steps';
import { emergencyResponse, reportHandoff, waiting, warmup, type WarmupRow } from './kpi.timing';

export type KpiInput = {
  readonly runs: readonly ProjectedRun[];
  readonly quality: QualityState;
  readonly timeZone: string;
};

export type Kpis = {
  readonly period: Period;
  readonly filter: KpiFilter;
  readonly runs: {
    readonly total: number;
    readonly exams: number;
    readonly qc: number;
    readonly byStatus: Readonly<Record<string, number>>;
    /** Runs of a card version this side does not hold: counted here, in no other figure. */
    readonly notInterpreted: readonly string[];
  };
  readonly emergencyResponse: IntervalFigure;
  readonly waiting: IntervalFigure;
  readonly reportHandoff: IntervalFigure;
  readonly warmup: readonly WarmupRow[];
  readonly contrast: ContrastFigure;
  readonly steps: readonly StepTime[];
  readonly moves: MovesFigure;
  readonly quality: QualityFigures;
};

/** The headline numbers of each figure, for the comparison with the previous period. */
export type Headline = Readonly<Record<HeadlineKey, number | null>>;
export const HEADLINE_KEYS = [
  'runs',
  'emergencyWithin',
  'emergencyMedianMs',
  'waitMedianMs',
  'waitP90Ms',
  'waitWithin',
  'handoffWithin',
  'warmupWithin',
  'contrastCompleted',
  'skips',
  'fastPaths',
  'needsReview',
  'rejectRate',
  'repeatRate',
  'qcPass',
  'qcAction',
  'adverse',
] as const;
export type HeadlineKey = (typeof HEADLINE_KEYS)[number];

/** Every figure has a written definition in the staff texts: `kpi.def.<figure>`. */
export const FIGURE_IDS = [
  'runs',
  'emergencyResponse',
  'waiting',
  'reportHandoff',
  'warmup',
  'contrast',
  'steps',
  'moves',
  'needsReview',
  'rejects',
  'qc',
  'overdueQc',
  'adverse',
  'controlCharts',
] as const;
export type FigureId = (typeof FIGURE_IDS)[number];
export const definitionKey = (id: FigureId) => `kpi.def.${id}`;

const byArrival = (a: ProjectedRun, b: ProjectedRun) =>
  a.arrivedAt - b.arrivedAt || (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0);

/** Both stores hand runs over by arrival already: one pass to check beats sorting 50,000 again. */
function inOrder(runs: readonly ProjectedRun[]): boolean {
  for (let i = 1; i < runs.length; i++) if (byArrival(runs[i - 1]!, runs[i]!) > 0) return false;
  return true;
}

export function computeKpis(input: KpiInput, period: Period, filter: KpiFilter, now: number): Kpis {
  // By arrival, then id: every list comes out in the same order whatever order the runs came in.
  const runs = input.runs.filter((r) => runMatches(r, period, filter));
  if (!inOrder(runs)) runs.sort(byArrival);
  const byStatus: Record<string, number> = {};
  let exams = 0;
  let qc = 0;
  const notInterpreted: string[] = [];
  for (const r of runs) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    if (r.kind === 'exam') exams += 1;
    else if (r.kind === 'qc') qc += 1;
    if (r.status === 'sopUnknown') notInterpreted.push(r.runId);
  }
  return {
    period,
    filter,
    runs: {
      total: runs.length,
      exams,
      qc,
      byStatus: Object.fromEntries(Object.entries(byStatus).sort()),
      notInterpreted,
    },
    emergencyResponse: emergencyResponse(runs, now),
    waiting: waiting(runs, now),
    reportHandoff: reportHandoff(runs, now),
    warmup: warmup(runs, now),
    contrast: contrastObservation(runs),
    steps: stepTimes(runs),
    moves: moves(runs),
    quality: qualityFigures(input.quality, period, filter, now, input.timeZone),
  };
}

export function headline(k: Kpis): Headline {
  const warm = k.warmup.filter((w) => w.scanner === '*');
  const met = warm.reduce((n, w) => n + w.counts.met, 0);
  const judged = warm.reduce((n, w) => n + w.counts.met + w.counts.missed, 0);
  return {
    runs: k.runs.total,
    emergencyWithin: k.emergencyResponse.withinTarget,
    emergencyMedianMs: k.emergencyResponse.medianMs,
    waitMedianMs: k.waiting.medianMs,
    waitP90Ms: k.waiting.p90Ms,
    waitWithin: k.waiting.withinTarget,
    handoffWithin: k.reportHandoff.withinTarget,
    warmupWithin: judged ? met / judged : null,
    contrastCompleted: k.contrast.completedShare,
    skips: k.moves.skipCount,
    fastPaths: k.moves.fastPathCount,
    needsReview: k.moves.needsReview.length,
    rejectRate: k.quality.rejects.rejectRate,
    repeatRate: k.quality.rejects.repeatRate,
    qcPass: k.quality.qc.passShare,
    qcAction: k.quality.qc.actionShare,
    adverse: k.quality.adverse.total,
  };
}

/** The figures of the period and the headline of the period of the same length before it. */
export function dashboard(input: KpiInput, period: Period, filter: KpiFilter, now: number) {
  const current = computeKpis(input, period, filter, now);
  return { current, previous: headline(computeKpis(input, previousPeriod(period), filter, now)) };
}
export type Dashboard = ReturnType<typeof dashboard>;
