// The tiles show the target each figure was judged against (the one its runs pinned), not a copy of
// the standard typed into the screen: a department with a 20-minute waiting target sees 20 minutes.
import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { dashboard } from '../../../domain/kpi/kpi';
import { projectQuality } from '../../../domain/quality/quality.projection';
import { DEFAULT_SCANNERS } from '../../../domain/scanners/scanner';
import { tiles } from './dashboard.figures';

const t = ((key: string) => key) as unknown as TFunction;
const quality = projectQuality([], { mayReview: () => true, mayManage: () => true }, DEFAULT_SCANNERS);
const empty = dashboard({ runs: [], quality, timeZone: 'UTC' }, { from: 0, to: 86_400_000 }, {}, 86_400_000);
const MIN = 60_000;

describe('dashboard tiles', () => {
  it("take each timed figure's target from the figure", () => {
    const d = {
      ...empty,
      current: {
        ...empty.current,
        waiting: { ...empty.current.waiting, targetMs: 20 * MIN, medianMs: 18 * MIN },
        emergencyResponse: { ...empty.current.emergencyResponse, targetMs: 7 * MIN },
      },
    };
    const byId = new Map(tiles(t, d).map((x) => [x.id, x]));
    expect(byId.get('waiting')).toMatchObject({ target: '≤ 20 min', warn: false });
    expect(byId.get('waiting')!.detail).toContain('≤ 20 min');
    expect(byId.get('emergencyResponse')!.target).toBe('≤ 7 min');
  });

  it('show the standard when nothing was judged, and warn when the median waits past it', () => {
    const byId = new Map(tiles(t, empty).map((x) => [x.id, x]));
    expect(byId.get('waiting')!.target).toBe('≤ 15 min');
    expect(byId.get('emergencyResponse')!.target).toBe('≤ 5 min');
    expect(byId.get('reportHandoff')!.target).toBe('≤ 15 min');
    expect(byId.get('warmup')!.target).toBe('CT ≤ 3 min · MR ≤ 10 min');
    const slow = { ...empty, current: { ...empty.current, waiting: { ...empty.current.waiting, medianMs: 16 * MIN } } };
    expect(tiles(t, slow).find((x) => x.id === 'waiting')!.warn).toBe(true);
  });
});
