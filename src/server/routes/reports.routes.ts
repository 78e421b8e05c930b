// Read-only reports for signed-in users whose role allows them: exam-record exports and department
// figures (both from the run projection), and the audit trail (server entries merged with the
// tablets' audit.entry events).
// There is deliberately no route that changes or deletes an audit entry.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../domain/sync/protocol.schema';
import { examRecords } from '../exam-records';
import { departmentFigures } from '../figures';
import { parseOr400 } from '../http-errors';
import { audit, requireUser, type AuthContext } from '../user-auth';

export type ReportRouteOptions = AuthContext;

const MAX_TIME = 8.64e15;
/** Epoch milliseconds or an ISO date / date-time ("2026-11-23", "2026-11-23T10:00:00Z"). */
const time = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .transform((v, ctx) => {
    const n = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
    if (Number.isFinite(n) && n >= 0 && n <= MAX_TIME) return n;
    ctx.addIssue({ code: 'custom', message: 'must be epoch milliseconds or an ISO date/time' });
    return z.NEVER;
  });
const rangeQuery = { from: time.optional(), to: time.optional() };
const rangeSchema = z.strictObject(rangeQuery);
const auditQuery = z.strictObject({
  ...rangeQuery,
  user: z.string().trim().min(1).max(100).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const range = (q: { from?: number | undefined; to?: number | undefined }) => ({
  from: q.from ?? 0,
  to: q.to ?? MAX_TIME,
});

/**
 * A QA lead types a name, not a UUID: "chen" finds the user whose user name or displayed name it is
 * (ignoring case), or the one user whose names contain it. Anything else is taken as a user id.
 */
async function resolveUser(store: ReportRouteOptions['store'], typed: string): Promise<string> {
  if (await store.userById(typed)) return typed;
  const byUsername = await store.userByUsername(typed);
  if (byUsername) return byUsername.id;
  const wanted = typed.toLocaleLowerCase();
  const users = await store.listUsers();
  const exact = users.filter((u) => u.displayName.toLocaleLowerCase() === wanted);
  if (exact.length === 1) return exact[0]!.id;
  const partial = users.filter((u) => `${u.username} ${u.displayName}`.toLocaleLowerCase().includes(wanted));
  return partial.length === 1 ? partial[0]!.id : typed;
}

export function reportRoutes(app: FastifyInstance, opts: ReportRouteOptions) {
  const { store } = opts;
  const ctx: AuthContext = opts;

  app.get('/api/exports/exam-records', async (req) => {
    const s = await requireUser(ctx, req, 'exports.read');
    const r = range(parseOr400(rangeSchema, req.query, 'export query'));
    const { records, truncated } = await examRecords(store, r);
    await audit(ctx, 'export', {
      userId: s.user.id,
      deviceId: s.device.id,
      subject: 'exam-records',
      detail: `${records.length} exam records of runs that arrived from ${new Date(r.from).toISOString()} to ${new Date(r.to).toISOString()}${truncated ? ' (truncated)' : ''}`,
    });
    return { ...r, records, truncated };
  });

  app.get('/api/audit', async (req) => {
    await requireUser(ctx, req, 'audit.view');
    const q = parseOr400(auditQuery, req.query, 'audit query');
    const userId = q.user && (await resolveUser(store, q.user));
    const entries = await store.auditEntries({
      ...range(q),
      ...(userId && { userId }),
      ...(q.action && { action: q.action }),
      limit: q.limit + 1,
      offset: q.offset,
    });
    return { entries: entries.slice(0, q.limit), more: entries.length > q.limit };
  });

  app.get('/api/figures', async (req) => {
    await requireUser(ctx, req, 'figures.view');
    const r = range(parseOr400(rangeSchema, req.query, 'figures query'));
    return { ...r, ...departmentFigures(await store.projectionCounts(r)) };
  });
}
