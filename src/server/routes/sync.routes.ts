// Sync endpoints. Push stores a batch of events once each (idempotent), answering event by event;
// pull pages through everything after a cursor (the server's own sequence, never a device clock)
// and notices a cursor that a restored log no longer matches. Admins see gaps in devices' numbers.
import type { FastifyInstance } from 'fastify';
import { DEFAULT_SCANNERS } from '../../domain/scanners/scanner';
import type { SopDefinition } from '../../domain/sop/sop.schema';
import { MAX_PUSH_EVENTS, pullQuerySchema, pushRequestSchema, type PullQuery } from '../../domain/sync/protocol.schema';
import { timerRulesFrom } from '../../domain/settings/site-settings';
import { requireDevice } from '../auth';
import { currentSopVersions } from '../current-sops';
import { HttpError, noQuery, parseOr400 } from '../http-errors';
import { pushBatch } from '../push.service';
import { pushQuota, type PushQuota } from '../push-quota';
import type { SyncStore } from '../store/store';
import { audit, requireManager, requireUser, signedInUser } from '../user-auth';
import { effectiveSiteSettings } from './site-settings.routes';

export type SyncRouteOptions = {
  store: SyncStore;
  builtIns: ReadonlyMap<string, SopDefinition>;
  now: () => number;
  idleLockMs: number;
  maxOfflineMs: number;
  adminToken: string | undefined;
  pushQuota: PushQuota;
};

export function syncRoutes(app: FastifyInstance, opts: SyncRouteOptions) {
  const { store, builtIns, now } = opts;
  const quota = pushQuota(opts.pushQuota);
  // Append-only, so the device session alone may push: a locked tablet with nobody signed in keeps sending.
  app.post('/api/sync/push', async (req, reply) => {
    const device = await requireDevice(store, req, now());
    const events = (req.body as { events?: unknown } | null)?.events;
    if (Array.isArray(events) && events.length > MAX_PUSH_EVENTS)
      throw new HttpError(413, `batch too large: at most ${MAX_PUSH_EVENTS} events per push (got ${events.length})`);
    const bytes = Number(req.headers['content-length']) || Buffer.byteLength(JSON.stringify(req.body ?? null));
    quota.take(device.id, Array.isArray(events) ? events.length : 0, bytes, now());
    const body = parseOr400(pushRequestSchema, req.body, 'push request');
    // The person signed in on this tablet (if any) delivered its audit entries and may make role-checked moves.
    const signedIn = await signedInUser(opts, req, device);
    const result = await pushBatch(store, builtIns, {
      batchId: body.batchId,
      deviceId: device.id,
      userId: signedIn?.id ?? null,
      events: body.events,
      sops: body.sops ?? [],
      now: now(),
      signedIn,
    });
    if (result.status === 200) await store.noteDeviceSync(device.id, 'push', now());
    return reply.code(result.status).send(result.body);
  });

  // Reading needs a person: the device session and a signed-in user's token; every page that carries
  // events is audited (who, which tablet, how many events of how many runs).
  app.get('/api/sync/pull', async (req, reply) => {
    const { device, user } = await requireUser(opts, req);
    const q = parseOr400(pullQuerySchema, req.query, 'pull query');
    let server = await store.serverIdentity(now());
    if (await cursorLost(store, q)) {
      // The log no longer holds what this tablet saw there: it was restored from a backup (or replaced).
      if (q.epoch === server.epoch) server = await store.newEpoch(now(), server.epoch);
      return {
        events: [],
        sops: [],
        cursor: { events: 0, sops: 0 },
        cursorId: null,
        more: false,
        restart: true,
        serverTime: now(),
        server,
      };
    }
    const page = await store.eventsAfter(q.after, q.limit, device.id);
    await store.noteDeviceSync(device.id, 'pull', now());
    if (page.rows.length) await auditRead(opts, user.id, device.id, q.after, page);
    const sops = await store.sopsAfter(q.sopsAfter);
    const current = await currentSopVersions(store, builtIns);
    // Bodies are stored as canonical JSON: splice them in rather than parse and re-serialise.
    const events = page.rows
      .map((r) => `${r.body.slice(0, -1)},"serverSeq":${r.seq},"receivedAt":${r.receivedAt}}`)
      .join(',');
    const sopList = sops.map((s) => `{"seq":${s.seq},"definition":${s.body}}`).join(',');
    const cursor = { events: page.lastSeq, sops: sops.at(-1)?.seq ?? q.sopsAfter };
    const cursorId = page.lastId ?? (q.after > 0 ? (q.anchor ?? (await store.eventIdAt(q.after)) ?? null) : null);
    const last = page.more
      ? {}
      : {
          streams: await store.deviceStreams(),
          ...(q.own !== undefined && { own: { through: q.own, events: await store.ownEventCount(device.id, q.own) } }),
        };
    const rest = JSON.stringify({
      currentSops: current,
      cursor,
      cursorId,
      more: page.more,
      serverTime: now(),
      server,
      ...last,
    });
    return reply.type('application/json').send(`{"events":[${events}],"sops":[${sopList}],${rest.slice(1)}`);
  });

  // Site settings a tablet needs before anyone signs in; nothing here names a patient or a person.
  // The timer standards and idle lock are the administrator's (site-settings.routes.ts), else the defaults.
  app.get('/api/config', async (req) => {
    await requireDevice(store, req, now());
    const site = await effectiveSiteSettings(store, opts.idleLockMs);
    return {
      scanners: DEFAULT_SCANNERS,
      timerRules: timerRulesFrom(site),
      idleLockMs: site.idleLockSeconds * 1000,
      timeZone: site.timeZone,
      blockUnsignedCards: site.blockUnsignedCards,
      maxOfflineMs: opts.maxOfflineMs,
      setupOpen: (await store.userCount()) === 0,
      serverTime: now(),
    };
  });

  // Numbers missing from devices' sequences (lost or refused events), for administrators.
  app.get('/api/admin/sync/gaps', async (req) => {
    await requireManager(opts, req);
    parseOr400(noQuery, req.query, 'query');
    return { gaps: await store.sequenceGaps() };
  });
}

async function auditRead(
  opts: SyncRouteOptions,
  userId: string,
  deviceId: string,
  after: number,
  page: { rows: readonly { body: string }[]; lastSeq: number },
) {
  const runs = new Set(page.rows.map((r) => (JSON.parse(r.body) as { streamId: string }).streamId));
  await audit(opts, 'data.read', {
    userId,
    deviceId,
    subject: 'sync.pull',
    detail: `${page.rows.length} events of ${runs.size} runs (after ${after}, to ${page.lastSeq})`,
  });
}

/** A cursor (sequence number, and the id seen there) that the log no longer matches. */
async function cursorLost(store: SyncStore, q: PullQuery): Promise<boolean> {
  if (q.after === 0) return false;
  const id = await store.eventIdAt(q.after);
  return id === undefined || (q.anchor !== undefined && id !== q.anchor);
}
