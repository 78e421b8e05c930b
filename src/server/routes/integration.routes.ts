// The hospital link's admin side: settings (endpoints, schedule), the card-mapping table, an
// on-demand worklist query, and the status QA and admins watch (last exchange per endpoint, queue,
// failures, bookings nobody could map to a card). Settings and queries take an administrator on a
// tablet or the bootstrap admin token; the status needs "integration.view".
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { BuiltIns } from '../built-ins';
import { sha256 } from '../canonical-json';
import { cardMappingProblems } from '../integration/card-mapping';
import { remapOpenBookings } from '../integration/intake.service';
import { integrationSettingsSchema, scannerWorklistSchema, type IntegrationSettings } from '../integration/settings';
import { queryAllScanners } from '../integration/worklist.service';
import { HttpError, noQuery, parseOr400 } from '../http-errors';
import { audit, requireManager, requireUser, type AuthContext } from '../user-auth';

export type IntegrationRouteOptions = AuthContext & {
  readonly adminToken: string | undefined;
  readonly builtIns: BuiltIns;
};

const settingsBody = integrationSettingsSchema.omit({ inboundTokenHash: true }).extend({
  /** The token the EMR sends when posting bookings (stored only as its hash); omit to keep the current one. */
  inboundToken: z.string().min(24).max(200).optional(),
});
const mappingBody = z.strictObject({
  rows: z
    .array(
      z.strictObject({
        code: z.string().min(1).max(64),
        system: z.string().min(1).max(500).optional(),
        modality: scannerWorklistSchema.shape.modality,
        cardId: z.string().min(1).max(100),
      }),
    )
    .max(2000),
});
const queryBody = z.union([z.undefined(), z.null(), z.strictObject({ scanner: z.string().min(1).max(60).optional() })]);

/** Which parts of the settings changed, by name: never a value (the EMR token's hash included). */
function settingsChanges(before: IntegrationSettings, next: IntegrationSettings): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(next)] as (keyof IntegrationSettings)[]);
  return [...keys]
    .filter((k) => k !== 'emrSince' && JSON.stringify(before[k]) !== JSON.stringify(next[k]))
    .map((k) => (k === 'inboundTokenHash' ? 'inboundToken' : k))
    .sort();
}

export const hashInboundToken = (token: string) => sha256(`fhir-inbound:${token}`);

/** The settings as the admin screen edits them: header values and the inbound token never leave the server. */
export function settingsView(s: IntegrationSettings) {
  const { inboundTokenHash, emrSince, ...rest } = s;
  const emr = rest.emr && (({ headers, ...e }) => ({ ...e, headerNames: Object.keys(headers ?? {}) }))(rest.emr);
  return { ...rest, ...(emr && { emr }), inbound: Boolean(inboundTokenHash), emrSince: emrSince ?? null };
}

export function integrationRoutes(app: FastifyInstance, opts: IntegrationRouteOptions) {
  const { store, now } = opts;

  app.put('/api/admin/integration/settings', async (req) => {
    const session = await requireManager(opts, req);
    const { inboundToken, ...body } = parseOr400(settingsBody, req.body, 'integration settings');
    const before = await store.integrationSettings();
    const emrChanged = body.emr?.url !== before.emr?.url;
    // The screen never sees the EMR's header values: omitted headers keep the current ones (send {} to clear).
    const emr =
      body.emr && !body.emr.headers && before.emr?.headers ? { ...body.emr, headers: before.emr.headers } : body.emr;
    const next: IntegrationSettings = {
      ...body,
      ...(emr && { emr }),
      ...(inboundToken
        ? { inboundTokenHash: hashInboundToken(inboundToken) }
        : before.inboundTokenHash
          ? { inboundTokenHash: before.inboundTokenHash }
          : {}),
      // Records go out for runs completed from now on, never for the history before the link existed.
      ...(body.emr && { emrSince: emrChanged || before.emrSince === undefined ? now() : before.emrSince }),
    };
    await store.saveIntegrationSettings(next, session?.user.id ?? null, now());
    await audit(opts, 'integration.change', {
      userId: session?.user.id ?? null,
      deviceId: session?.device.id ?? null,
      subject: 'integration.settings',
      detail: settingsChanges(before, next).join(', ') || 'saved unchanged',
    });
    return { saved: true };
  });

  app.get('/api/admin/integration/settings', async (req) => {
    await requireManager(opts, req);
    parseOr400(noQuery, req.query, 'query');
    return { settings: settingsView(await store.integrationSettings()) };
  });

  app.get('/api/admin/integration/card-mappings', async (req) => {
    await requireManager(opts, req);
    parseOr400(noQuery, req.query, 'query');
    const cards = new Set([...opts.builtIns.values()].map((s) => s.id));
    for (const s of await store.storedSopIds()) cards.add(s);
    return { rows: await store.cardMapping(), cards: [...cards].sort() };
  });

  app.put('/api/admin/integration/card-mappings', async (req) => {
    const session = await requireManager(opts, req);
    const { rows } = parseOr400(mappingBody, req.body, 'card mapping');
    const known = new Set([...opts.builtIns.values()].map((s) => s.id));
    for (const s of await store.storedSopIds()) known.add(s);
    const problems = cardMappingProblems(rows, known);
    if (problems.length) throw new HttpError(400, 'invalid card mapping', problems);
    await store.saveCardMapping(rows);
    const remapped = await remapOpenBookings(store);
    await audit(opts, 'integration.change', {
      userId: session?.user.id ?? null,
      deviceId: session?.device.id ?? null,
      subject: 'integration.cardMapping',
      detail: `${rows.length} rows, ${remapped} open bookings remapped`,
    });
    return { saved: rows.length, remapped };
  });

  app.post('/api/admin/integration/worklist/query', async (req) => {
    await requireManager(opts, req);
    const body = parseOr400(queryBody, req.body, 'worklist query');
    const configured = (await store.integrationSettings()).worklist?.scanners ?? [];
    if (body?.scanner && !configured.some((s) => s.scanner === body.scanner))
      throw new HttpError(404, `no worklist is configured for scanner "${body.scanner}"`);
    return { scanners: await queryAllScanners(store, now, body?.scanner) };
  });

  app.get('/api/integration/status', async (req) => {
    await requireUser(opts, req, 'integration.view');
    const settings = await store.integrationSettings();
    const open = await store.openBookings(2000);
    return {
      endpoints: {
        worklists: (settings.worklist?.scanners ?? []).map((s) => ({
          scanner: s.scanner,
          host: s.host,
          port: s.port,
          calledAeTitle: s.calledAeTitle,
          callingAeTitle: s.callingAeTitle,
        })),
        worklistIntervalMs: settings.worklist?.intervalMs ?? null,
        emr: settings.emr ? { url: settings.emr.url, since: settings.emrSince ?? null } : null,
        inbound: Boolean(settings.inboundTokenHash),
      },
      exchanges: await store.exchangeStatus(),
      outbox: { ...(await store.outbox.status()), recent: await store.outbox.recent(50) },
      bookings: {
        open: open.length,
        unmapped: open
          .filter((b) => b.cardId === null)
          .map((b) => ({
            accessionNumber: b.accessionNumber,
            code: b.code,
            modality: b.modality,
            reason: b.unmappedReason,
          })),
      },
    };
  });
}
