// Quality records on the server, read from the log (records are written as events through sync):
// the filtered list of each kind, the scanners' QC status and the review queue, reject rates, and
// exports as CSV or a printable page, each export audited. Reading needs a signed-in QA lead or admin.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { RECORD_KINDS, recordTable, toCsv, type RecordTable } from '../../domain/quality/quality.rows';
import { contrastWarnings, followUpsDue, qcDue, reviewQueue, scannerFlags } from '../../domain/quality/quality.status';
import { rejectRates } from '../../domain/quality/reject-rate';
import { toLocal } from '../../domain/quality/zoned-time';
import { parseOr400 } from '../http-errors';
import { audit, requireUser, type AuthContext } from '../user-auth';
import { qualityState } from './quality.model';
import { printablePage } from './quality.print';

export type QualityRouteOptions = AuthContext & { readonly timeZone?: string };

const MAX_TIME = 8.64e15;
const time = z.coerce.number().int().min(0).max(MAX_TIME);
const listQuery = z.strictObject({
  kind: z.enum(RECORD_KINDS),
  scanner: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a scanner id')
    .optional(),
  from: time.optional(),
  to: time.optional(),
  match: z
    .string()
    .regex(/^[a-zA-Z]{1,30}$/, 'must be an outcome, status or kind')
    .optional(),
});
const exportQuery = listQuery.extend({ format: z.enum(['csv', 'html']).default('csv') });
const ratesQuery = z.strictObject({
  group: z.enum(['scanner', 'card', 'cardVersion', 'technologist', 'month', 'all']).default('scanner'),
  from: time.optional(),
  to: time.optional(),
});

export function qualityRoutes(app: FastifyInstance, opts: QualityRouteOptions) {
  const ctx: AuthContext = opts;
  const tz = opts.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const fmt = (at: number) => {
    const l = toLocal(at, tz);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${l.year}-${p(l.month)}-${p(l.day)} ${p(l.hour)}:${p(l.minute)}`;
  };
  const tableOf = async (q: z.infer<typeof listQuery>): Promise<RecordTable> =>
    recordTable(
      await qualityState(opts.store),
      q.kind,
      { scannerId: q.scanner, from: q.from, to: q.to, match: q.match },
      fmt,
    );

  app.get('/api/quality/records', async (req) => {
    await requireUser(ctx, req, 'quality.view');
    return tableOf(parseOr400(listQuery, req.query, 'quality records query'));
  });

  app.get('/api/quality/status', async (req) => {
    await requireUser(ctx, req, 'quality.view');
    const state = await qualityState(opts.store);
    const now = opts.now();
    return {
      timeZone: tz,
      scanners: [...state.equipment.values()].map((e) => ({
        ...e,
        flags: scannerFlags(state, e.scannerId, now, tz),
        due: qcDue(state, e.scannerId, now, tz).map((d) => ({
          setId: d.set.setId,
          label: d.set.label,
          status: d.status,
          deadline: d.window.deadline,
        })),
      })),
      reviewQueue: reviewQueue(state),
      openAdverse: state.adverse.filter((c) => c.status !== 'closed').length,
      followUpsDue: followUpsDue(state, now).map((f) => ({
        reportId: f.case.reportId,
        dueAt: f.dueAt,
        overdue: f.overdue,
      })),
      contrastWarnings: contrastWarnings(state).size,
      problems: state.problems,
    };
  });

  app.get('/api/quality/reject-rates', async (req) => {
    await requireUser(ctx, req, 'quality.view');
    const q = parseOr400(ratesQuery, req.query, 'reject-rate query');
    const range = { from: q.from ?? 0, to: q.to ?? MAX_TIME };
    const month = (at: number) => fmt(at).slice(0, 7);
    return {
      ...range,
      group: q.group,
      rows: rejectRates((await qualityState(opts.store)).imageQc, q.group, range, month),
    };
  });

  app.get('/api/quality/export', async (req, reply) => {
    const s = await requireUser(ctx, req, 'exports.read');
    const q = parseOr400(exportQuery, req.query, 'quality export query');
    const t = await tableOf(q);
    await audit(ctx, 'export', {
      userId: s.user.id,
      deviceId: s.device.id,
      subject: `quality-${q.kind}`,
      detail: `${t.rows.length} ${q.kind} records as ${q.format}${q.scanner ? `, scanner ${q.scanner}` : ''}${q.match ? `, ${q.match}` : ''}${q.from !== undefined ? `, from ${new Date(q.from).toISOString()}` : ''}${q.to !== undefined ? `, to ${new Date(q.to).toISOString()}` : ''}`,
    });
    if (q.format === 'csv')
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="quality-${q.kind}.csv"`)
        .send(toCsv(t));
    return reply.type('text/html; charset=utf-8').send(printablePage(t, `${fmt(opts.now())} (${tz})`));
  });
}
