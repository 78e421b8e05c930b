// Wall-clock time in the department's time zone (IANA name), from and to epoch milliseconds, with
// Intl only (no library, no system time zone). Needed so "daily" means the site's calendar day
// even on a tablet set to UTC, and a daylight-saving change makes a 23- or 25-hour day.

export type LocalDate = { readonly year: number; readonly month: number; readonly day: number };
export type LocalDateTime = LocalDate & { readonly hour: number; readonly minute: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock date and time at `at` in `timeZone`. */
export function toLocal(at: number, timeZone: string): LocalDateTime & { second: number } {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The zone's offset from UTC at `at`, in ms (Berlin in summer: +2 h). */
export function offsetAt(at: number, timeZone: string): number {
  const l = toLocal(at, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - (at - (((at % 1000) + 1000) % 1000));
}

/**
 * The instant a wall-clock time names. A time skipped by a spring-forward change is taken as the
 * same time after the change (02:30 → 03:30); a repeated one (autumn) as its first occurrence.
 */
export function fromLocal(t: LocalDateTime, timeZone: string): number {
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  const before = wall - offsetAt(wall - 864e5 / 2, timeZone);
  const after = wall - offsetAt(wall + 864e5 / 2, timeZone);
  // Either candidate that reads back as the asked wall time is a real instant; prefer the earlier.
  const reads = (at: number) => {
    const l = toLocal(at, timeZone);
    return l.year === t.year && l.month === t.month && l.day === t.day && l.hour === t.hour && l.minute === t.minute;
  };
  const candidates = [Math.min(before, after), Math.max(before, after)];
  const real = candidates.find(reads);
  // In a gap neither reads back: the offset before the change, carried past it, lands after the gap.
  return real ?? Math.max(before, after);
}

/** Calendar arithmetic on local dates (no time zone involved). */
export function addDays(d: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(d: LocalDate): number {
  const w = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return w === 0 ? 7 : w;
}

export const isoDate = (d: LocalDate) =>
  `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
