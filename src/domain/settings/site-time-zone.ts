// The site's time zone (IANA name, e.g. Europe/Berlin): QC due windows ("daily QC by 08:00") are in the
// department's local time, not each tablet's. Intl decides what is a zone and gives its canonical
// spelling, so "europe/berlin" is stored as "Europe/Berlin" and every tablet compares the same name.

const NAME = /^[A-Za-z][A-Za-z0-9_+/-]{0,63}$/;

/** The canonical IANA name of a zone, or undefined when the text names no zone Intl knows. */
export function canonicalTimeZone(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || !NAME.test(raw)) return undefined;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: raw }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
