// Summary statistics the figures share, defined once so the tablet and the server agree to the
// millisecond: median (mean of the two middle values when the count is even) and percentiles by
// nearest rank (the value at rank ⌈p·n⌉ of the sorted list), both undefined for an empty list.

export function median(values: readonly number[]): number | undefined {
  return values.length ? medianOfSorted(sortedNumbers(values)) : undefined;
}

/** Nearest-rank percentile, p in (0, 1]. */
export function percentile(values: readonly number[], p: number): number | undefined {
  return values.length ? percentileOfSorted(sortedNumbers(values), p) : undefined;
}

/**
 * The values sorted ascending, once, for several statistics of one list: a typed array sorts numbers
 * natively (no comparator call per pair), which a year of runs needs to stay under a second.
 */
// `new Float64Array(list)` copies an array directly; `Float64Array.from` goes through its iterator (slower).
export const sortedNumbers = (values: ArrayLike<number>): Float64Array => new Float64Array(values).sort();

/** The median of an ascending, non-empty list. */
export function medianOfSorted(s: Float64Array): number {
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The nearest-rank percentile of an ascending, non-empty list. */
export const percentileOfSorted = (s: Float64Array, p: number): number =>
  s[Math.min(s.length, Math.max(1, Math.ceil(p * s.length))) - 1]!;

/** Part ÷ whole, or null when the whole is 0 (no rate, not 0 %). */
export const share = (part: number, whole: number): number | null => (whole ? part / whole : null);

export function meanAndSd(values: readonly number[]): { mean: number; sd: number } | undefined {
  if (!values.length) return undefined;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  // Sample standard deviation (n − 1), as control charts use; 0 for a single point.
  const sd = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, sd };
}

/** Counts by key, keys sorted, for stable output on both sides. */
export function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out = new Map<string, number>();
  for (const i of items) out.set(key(i), (out.get(key(i)) ?? 0) + 1);
  return Object.fromEntries([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
