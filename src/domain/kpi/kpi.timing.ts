// The department's timed standards as figures over projected runs, each by the interval rule of
// kpi.interval.ts, with the target the run pinned at its start (a settings change never moves it):
// emergency response (arrival → scan start ≤ 5 min), waiting (arrival → scan start, share ≤ 15 min),
// report hand-off (leaving the scan → images sent ≤ 15 min), warm-up (QC runs, CT ≤ 3, MRI ≤ 10 min).
import type { TimerId } from '../sop/sop.schema';
import type { ProjectedRun, ProjectedTimer } from '../run/run.projection';
import { intervalFigure, type Interval, type IntervalFigure } from './kpi.interval';

/** The department's waiting-time target (MISSION: mean wait 25 min today, target 15). */
export const WAIT_TARGET_MS = 15 * 60_000;

/** When the timer really ended: a cancel stops every timer, but that is not the standard met. */
export function timerEnd(r: ProjectedRun, t: ProjectedTimer): number | undefined {
  if (t.stoppedAt === undefined) return undefined;
  return r.status === 'cancelled' && t.stoppedAt === r.cancelledAt ? undefined : t.stoppedAt;
}

const timerOf = (r: ProjectedRun, id: TimerId) => r.timers.find((t) => t.id === id);

function timerInterval(r: ProjectedRun, id: TimerId): Interval | undefined {
  const t = timerOf(r, id);
  if (!t) return undefined;
  return { start: t.startedAt, targetMs: t.deadline - t.startedAt, end: timerEnd(r, t) };
}

const exams = (runs: readonly ProjectedRun[]) => runs.filter((r) => r.kind === 'exam' && r.status !== 'sopUnknown');

/** Emergency exams: from arrival (the response clock starts then) to entering the scan step. */
export function emergencyResponse(runs: readonly ProjectedRun[], now: number): IntervalFigure {
  return intervalFigure(
    exams(runs).filter((r) => r.priority === 'emergency'),
    (r) => {
      const t = timerOf(r, 'emergencyResponse');
      if (!t) return undefined;
      return { start: t.startedAt, targetMs: t.deadline - t.startedAt, end: r.scanStartedAt };
    },
    now,
  );
}

/** Every exam: arrival to scan start. */
export function waiting(runs: readonly ProjectedRun[], now: number): IntervalFigure {
  return intervalFigure(
    exams(runs),
    (r) => ({ start: r.arrivedAt, targetMs: WAIT_TARGET_MS, end: r.scanStartedAt }),
    now,
  );
}

export function reportHandoff(runs: readonly ProjectedRun[], now: number): IntervalFigure {
  return intervalFigure(exams(runs), (r) => timerInterval(r, 'reportHandoff'), now);
}

export type WarmupRow = IntervalFigure & { readonly modality: string; readonly scanner: string };

/** QC runs' warm-up timers, per modality and scanner, with the all-scanner figure first per modality. */
export function warmup(runs: readonly ProjectedRun[], now: number): WarmupRow[] {
  const qc = runs.filter((r) => r.kind === 'qc' && r.status !== 'sopUnknown');
  const rows: WarmupRow[] = [];
  for (const [modality, id] of [
    ['CT', 'warmupCt'],
    ['MR', 'warmupMr'],
  ] as const) {
    const mine = qc.filter((r) => timerOf(r, id));
    if (!mine.length) continue;
    rows.push({ modality, scanner: '*', ...intervalFigure(mine, (r) => timerInterval(r, id), now) });
    for (const scanner of [...new Set(mine.map((r) => r.scanner))].sort())
      rows.push({
        modality,
        scanner,
        ...intervalFigure(
          mine.filter((r) => r.scanner === scanner),
          (r) => timerInterval(r, id),
          now,
        ),
      });
  }
  return rows;
}
