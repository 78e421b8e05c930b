// Locale-aware formatting for staff screens (dates and times follow the chosen UI language).
import i18next from 'i18next';

/** Hours and minutes, in the tablet's zone unless one is given (QC due times are in the site's). */
export function formatTime(ms: number, timeZone?: string): string {
  return new Intl.DateTimeFormat(i18next.language, {
    hour: '2-digit',
    minute: '2-digit',
    ...(timeZone && { timeZone }),
  }).format(ms);
}

export function formatDateTime(ms: number): string {
  return new Intl.DateTimeFormat(i18next.language, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** Today's date (yyyy-mm-dd) in the tablet's time zone. */
export function isoDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
