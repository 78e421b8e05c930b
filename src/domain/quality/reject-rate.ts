// Reject and repeat rates (AAPM TG-305): rate = rejected (or repeated) images ÷ acquired images,
// where acquired counts every image taken: accepted, repeated and rejected. Grouped by scanner, card,
// card version, technologist and period; a group with nothing acquired has no rate (not 0 %).
import type { ImageOutcome, RejectReason } from './reject-reasons';

/** One image-QC decision of an exam: how many images it covers, and why when not accepted. */
export type ImageQcRecord = {
  readonly id: string;
  readonly at: number;
  readonly runId?: string;
  readonly scannerId: string;
  readonly sopId?: string;
  readonly sopVersion?: number;
  readonly technologist: string;
  readonly outcome: ImageOutcome;
  readonly images: number;
  readonly reason?: RejectReason;
  readonly reasonText?: string;
};

export type RateRow = {
  readonly key: string;
  readonly acquired: number;
  readonly accepted: number;
  readonly repeated: number;
  readonly rejected: number;
  /** rejected ÷ acquired, or null when nothing was acquired. */
  readonly rejectRate: number | null;
  readonly repeatRate: number | null;
  /** Rejected and repeated images by reason code. */
  readonly byReason: Readonly<Record<string, number>>;
};

export type RateGrouping = 'scanner' | 'card' | 'cardVersion' | 'technologist' | 'month' | 'all';

const keyOf = (r: ImageQcRecord, g: RateGrouping, monthOf: (at: number) => string): string => {
  switch (g) {
    case 'scanner':
      return r.scannerId;
    case 'card':
      return r.sopId ?? '(none)';
    case 'cardVersion':
      return r.sopId ? `${r.sopId}@${r.sopVersion ?? '?'}` : '(none)';
    case 'technologist':
      return r.technologist;
    case 'month':
      return monthOf(r.at);
    case 'all':
      return 'all';
  }
};

export function rateOf(key: string, records: readonly ImageQcRecord[]): RateRow {
  let accepted = 0;
  let repeated = 0;
  let rejected = 0;
  const byReason: Record<string, number> = {};
  for (const r of records) {
    if (r.outcome === 'accept') accepted += r.images;
    else {
      if (r.outcome === 'repeat') repeated += r.images;
      else rejected += r.images;
      const reason = r.reason ?? 'other';
      byReason[reason] = (byReason[reason] ?? 0) + r.images;
    }
  }
  const acquired = accepted + repeated + rejected;
  return {
    key,
    acquired,
    accepted,
    repeated,
    rejected,
    rejectRate: acquired ? rejected / acquired : null,
    repeatRate: acquired ? repeated / acquired : null,
    byReason,
  };
}

/** Rates per group over records in [from, to); `monthOf` names an instant's month in the site's zone. */
export function rejectRates(
  records: readonly ImageQcRecord[],
  grouping: RateGrouping,
  range: { readonly from: number; readonly to: number },
  monthOf: (at: number) => string,
): RateRow[] {
  const groups = new Map<string, ImageQcRecord[]>();
  for (const r of records) {
    if (r.at < range.from || r.at >= range.to) continue;
    const k = keyOf(r, grouping, monthOf);
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return [...groups.entries()].map(([k, list]) => rateOf(k, list)).sort((a, b) => a.key.localeCompare(b.key));
}
