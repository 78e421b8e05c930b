// The periods a quality meeting asks for, in the tablet's calendar (as the date inputs are): this
// month so far, last month, the last whole quarter and the last whole half-year. Each is whole days,
// [first midnight, midnight after the last day); `now` is passed in.
import type { Period } from '../../../domain/kpi/kpi.filter';

export const PERIOD_PRESETS = ['thisMonth', 'lastMonth', 'lastQuarter', 'lastHalfYear'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** Local midnight of the first of `month` (0-based; may run over into other years). */
const first = (year: number, month: number) => new Date(year, month, 1).getTime();

export function presetPeriod(p: PeriodPreset, now: number): Period {
  const d = new Date(now);
  const [y, m] = [d.getFullYear(), d.getMonth()];
  switch (p) {
    case 'thisMonth':
      return { from: first(y, m), to: first(y, m + 1) };
    case 'lastMonth':
      return { from: first(y, m - 1), to: first(y, m) };
    case 'lastQuarter': {
      const q = m - (m % 3);
      return { from: first(y, q - 3), to: first(y, q) };
    }
    case 'lastHalfYear': {
      const h = m - (m % 6);
      return { from: first(y, h - 6), to: first(y, h) };
    }
  }
}

/** The preset a period is, if it is one (so the picker shows it chosen). */
export const presetOf = (period: Period, now: number): PeriodPreset | undefined =>
  PERIOD_PRESETS.find((p) => {
    const x = presetPeriod(p, now);
    return x.from === period.from && x.to === period.to;
  });
