// Numbers as a QA lead reads them at arm's length: shares as whole percent, durations in minutes
// with one decimal, a dash for "no value" (nothing judged is not 0 %).
import i18next from 'i18next';

export const NONE = '–';

export const pct = (v: number | null | undefined) =>
  v === null || v === undefined
    ? NONE
    : new Intl.NumberFormat(i18next.language, { style: 'percent', maximumFractionDigits: 0 }).format(v);

export const minutes = (ms: number | null | undefined) =>
  ms === null || ms === undefined
    ? NONE
    : `${new Intl.NumberFormat(i18next.language, { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(ms / 60_000)} min`;

export const count = (n: number | null | undefined) =>
  n === null || n === undefined ? NONE : new Intl.NumberFormat(i18next.language).format(n);

/** A date input's value (yyyy-mm-dd, the tablet's calendar) and back to local midnight. */
export function dateInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
export function fromDateInput(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime() : undefined;
}
