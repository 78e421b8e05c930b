// The QA dashboard's figures, department-wide: the same pure KPI functions the tablet runs
// (src/domain/kpi), over the server's run projection and its quality read model, for the period,
// the filters and the period of the same length before it. QA lead and admin only (figures.view).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { dashboard } from '../../domain/kpi/kpi';
import { FILTER_KEYS, previousPeriod, type KpiFilter, type Period } from '../../domain/kpi/kpi.filter';
import { HttpError, parseOr400 } from '../http-errors';
import { cachedProjectedRuns } from '../projections/projected-runs-cache';
import { qualityState } from '../quality/quality.model';
import type { SyncStore } from '../store/store';
import { requireUser, type AuthContext } from '../user-auth';

export type KpiRouteOptions = AuthContext & { readonly timeZone?: string };

const MAX_TIME = 8.64e15;
const DAY = 24 * 3600_000;
const time = z.coerce.number().int().min(0).max(MAX_TIME);
const id = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._@-]{0,99}$/, 'must be an id');
const kpiQuery = z.strictObject({
  from: time.optional(),
  to: time.optional(),
  scanner: id.optional(),
  modality: z.enum(['CT', 'MR']).optional(),
  card: id.optional(),
  technologist: id.optional(),
  priority: z.enum(['routine', 'urgent', 'emergency']).optional(),
});

/** The dashboard over the server's projection and quality read model: what /api/kpi answers. */
export async function serverDashboard(
  store: SyncStore,
  period: Period,
  filter: KpiFilter,
  now: number,
  timeZone: string,
) {
  const [runs, quality] = await Promise.all([
    cachedProjectedRuns(store, previousPeriod(period).from, period.to),
    qualityState(store),
  ]);
  return { timeZone, ...dashboard({ runs, quality, timeZone }, period, filter, now) };
}

export function kpiRoutes(app: FastifyInstance, opts: KpiRouteOptions) {
  const ctx: AuthContext = opts;
  const timeZone = opts.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;

  app.get('/api/kpi', async (req) => {
    await requireUser(ctx, req, 'figures.view');
    const q = parseOr400(kpiQuery, req.query, 'dashboard query');
    const now = opts.now();
    const to = q.to ?? now;
    const period = { from: q.from ?? to - 30 * DAY, to };
    if (period.from >= period.to) throw new HttpError(400, 'invalid dashboard query', ['from: must be before to']);
    const filter = Object.fromEntries(FILTER_KEYS.flatMap((k) => (q[k] === undefined ? [] : [[k, q[k]]]))) as KpiFilter;
    return serverDashboard(opts.store, period, filter, now, timeZone);
  });
}
