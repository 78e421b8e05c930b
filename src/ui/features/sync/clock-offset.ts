// How far this tablet's clock is from the server's, in words: Settings shows it so that a tablet with
// a wrong clock is noticed (new records already use the server's time).
import type { TFunction } from 'i18next';

/** Under this the clocks agree, as far as a sync round can measure. */
const AGREE_MS = 1000;

export function clockOffsetText(skewMs: number | undefined, t: TFunction): string | undefined {
  if (skewMs === undefined) return undefined;
  const size = Math.abs(skewMs);
  if (size < AGREE_MS) return t('sync.clockAgrees');
  const amount =
    size < 60_000
      ? t('sync.seconds', { count: Math.round(size / 1000) })
      : size < 2 * 3_600_000
        ? t('sync.minutes', { count: Math.round(size / 60_000) })
        : t('sync.hours', { count: Math.round(size / 3_600_000) });
  // skewMs is the server's clock minus this tablet's: positive means the tablet is behind.
  return skewMs > 0 ? t('sync.clockBehind', { amount }) : t('sync.clockAhead', { amount });
}
