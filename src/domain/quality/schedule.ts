// QC schedules per scanner: daily / weekly / monthly / yearly, in the department's calendar and time
// zone, with a due window. A period is a local calendar day, ISO week (from Monday), month or year.
// Within a period the test is "due" until its deadline, "overdue" after it, and "done" once a result
// was recorded in the period. Windows are wall-clock, so a daylight-saving change moves the instant
// but never the 08:00 on the schedule.
import { addDays, fromLocal, isoDate, isoWeekday, toLocal, type LocalDate } from './zoned-time';

export type Frequency = 'daily' | 'weekly' | 'monthly' | 'yearly';
export const FREQUENCIES: readonly Frequency[] = ['daily', 'weekly', 'monthly', 'yearly'];

export type Schedule = {
  readonly frequency: Frequency;
  /** Days after the period's first day by which it must be done (0 = on the first day). */
  readonly dueWithinDays: number;
  /** Local time of day ("HH:MM") on that last day by which it must be done, e.g. before the first patient. */
  readonly dueBy: string;
};

export type DueStatus = 'done' | 'due' | 'overdue';

export type DueWindow = {
  /** A label of the period: its first local date (2026-03-29) . */
  readonly period: string;
  readonly start: number;
  /** First instant of the next period. */
  readonly end: number;
  /** When the period's test becomes overdue. */
  readonly deadline: number;
};

function periodStart(d: LocalDate, f: Frequency): LocalDate {
  if (f === 'daily') return d;
  if (f === 'weekly') return addDays(d, 1 - isoWeekday(d));
  if (f === 'monthly') return { year: d.year, month: d.month, day: 1 };
  return { year: d.year, month: 1, day: 1 };
}

function nextPeriod(d: LocalDate, f: Frequency): LocalDate {
  if (f === 'daily') return addDays(d, 1);
  if (f === 'weekly') return addDays(d, 7);
  if (f === 'monthly') return d.month === 12 ? { year: d.year + 1, month: 1, day: 1 } : { ...d, month: d.month + 1 };
  return { year: d.year + 1, month: 1, day: 1 };
}

const midnight = (d: LocalDate, tz: string) => fromLocal({ ...d, hour: 0, minute: 0 }, tz);

/** The period that holds `at`, with its deadline, in `timeZone`. */
export function dueWindow(s: Schedule, at: number, timeZone: string): DueWindow {
  const first = periodStart(toLocal(at, timeZone), s.frequency);
  const next = nextPeriod(first, s.frequency);
  const [hh, mm] = s.dueBy.split(':').map(Number) as [number, number];
  const lastDay = addDays(first, s.dueWithinDays);
  const end = midnight(next, timeZone);
  const deadline = Math.min(end, fromLocal({ ...lastDay, hour: hh, minute: mm }, timeZone));
  return { period: isoDate(first), start: midnight(first, timeZone), end, deadline };
}

/** Done, due or overdue at `now`, given when results of this schedule were recorded. */
export function dueStatus(s: Schedule, doneAt: readonly number[], now: number, timeZone: string): DueStatus {
  const w = dueWindow(s, now, timeZone);
  if (doneAt.some((t) => t >= w.start && t < w.end)) return 'done';
  return now < w.deadline ? 'due' : 'overdue';
}

export function scheduleProblems(s: Schedule): { field: keyof Schedule; message: string }[] {
  const out: { field: keyof Schedule; message: string }[] = [];
  const maxDays = { daily: 0, weekly: 6, monthly: 27, yearly: 364 }[s.frequency];
  if (!Number.isInteger(s.dueWithinDays) || s.dueWithinDays < 0 || s.dueWithinDays > maxDays)
    out.push({ field: 'dueWithinDays', message: `must be a whole number from 0 to ${maxDays} for ${s.frequency}` });
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s.dueBy);
  if (!m) out.push({ field: 'dueBy', message: 'must be a time of day as HH:MM (24 h)' });
  return out;
}
