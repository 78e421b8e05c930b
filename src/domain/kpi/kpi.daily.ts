// Day-by-day series for the dashboard's charts: the period cut into the site's calendar days (a
// daylight-saving change makes a 23- or 25-hour day), each day's runs by arrival, and the timed
// figures of that day by the same functions as the whole period, so a chart never disagrees with
// its tile. Days without runs are kept (with nulls), so the x axis is the calendar.
import type { ProjectedRun } from '../run/run.projection';
import { addDays, fromLocal, isoDate, toLocal, type LocalDate } from '../quality/zoned-time';
import { runMatches, type KpiFilter, type Period } from './kpi.filter';
import { emergencyResponse, reportHandoff, waiting } from './kpi.timing';

export type DailyPoint = {
  /** The site's calendar date, YYYY-MM-DD. */
  readonly day: string;
  /** Local midnight that starts the day (the period's own start for the first day). */
  readonly start: number;
  readonly runs: number;
  readonly emergencies: number;
  readonly emergencyWithin: number | null;
  readonly waitMedianMs: number | null;
  readonly waitP90Ms: number | null;
  readonly handoffWithin: number | null;
};

/** The local midnights in [from, to), starting with `from` itself. */
export function dayStarts(p: Period, timeZone: string): number[] {
  const starts = [p.from];
  let d: LocalDate = toLocal(p.from, timeZone);
  for (;;) {
    d = addDays(d, 1);
    const at = fromLocal({ ...d, hour: 0, minute: 0 }, timeZone);
    if (at >= p.to) return starts;
    starts.push(at);
  }
}

/** The last day starting at or before `at` (binary search: a year of runs over 365 days). */
function dayIndex(starts: readonly number[], at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function dailySeries(
  runs: readonly ProjectedRun[],
  period: Period,
  filter: KpiFilter,
  now: number,
  timeZone: string,
): DailyPoint[] {
  const starts = dayStarts(period, timeZone);
  const buckets: ProjectedRun[][] = starts.map(() => []);
  for (const r of runs) {
    if (!runMatches(r, period, filter)) continue;
    buckets[dayIndex(starts, r.arrivedAt)]!.push(r);
  }
  return starts.map((start, i) => {
    const day = buckets[i]!;
    const wait = waiting(day, now);
    const emergency = emergencyResponse(day, now);
    return {
      day: isoDate(toLocal(start, timeZone)),
      start,
      runs: day.length,
      emergencies: emergency.counts.met + emergency.counts.missed,
      emergencyWithin: emergency.withinTarget,
      waitMedianMs: wait.medianMs,
      waitP90Ms: wait.p90Ms,
      handoffWithin: reportHandoff(day, now).withinTarget,
    };
  });
}
