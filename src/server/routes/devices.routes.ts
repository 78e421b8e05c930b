// Enrolment of tablets (public, rate-limited, one-time codes) and the device administration, open
// to the bootstrap admin token (server shell, CLI) or a tablet signed in by a user-manager.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { enrollRequestSchema } from '../../domain/sync/device-auth.schema';
import { plainText } from '../../domain/sync/protocol.schema';
import { hashCode, hashToken, issueEnrollmentCode } from '../auth';
import { importPublicKey, keyThumbprint } from '../device-keys';
import { HttpError, noBody, noQuery, parseOr400 } from '../http-errors';
import type { SyncStore } from '../store/store';
import { audit, requireManager, type Session } from '../user-auth';

export type DeviceRouteOptions = { store: SyncStore; adminToken: string | undefined; now: () => number };

const codeRequest = z.strictObject({
  label: plainText(80, 'label'),
  ttlHours: z.number().min(0.1).max(168).optional(),
});
const deviceParams = z.strictObject({ id: z.string().min(1).max(100) });
const renameBody = z.strictObject({ label: plainText(80, 'label') });

const ENROL_REFUSALS = {
  code: 'enrolment code is wrong, expired or already used: ask for a new one',
  revoked:
    'this tablet was revoked and cannot be enrolled again: an administrator must reset it (clear its data) first',
  enrolled: 'this tablet is already enrolled',
  replaces: 'the old credential of this tablet is not valid any more (revoked?): it cannot keep its data',
} as const;

/** Who did it, for the audit trail: a signed-in user, or the bootstrap admin token (no user). */
const actor = (s: Session | null) => (s ? { userId: s.user.id, deviceId: s.device.id } : {});
const via = (s: Session | null) => (s ? '' : ' (admin token)');

export function deviceRoutes(app: FastifyInstance, opts: DeviceRouteOptions) {
  const { store, now } = opts;

  // The server picks the id; the tablet's key is bound to it. Idempotent for the same code and key.
  app.post('/api/devices/enroll', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (req) => {
    const body = parseOr400(enrollRequestSchema, req.body, 'enrolment request');
    try {
      importPublicKey(body.publicKey);
    } catch {
      throw new HttpError(400, 'invalid enrolment request', ['publicKey: not a point on the P-256 curve']);
    }
    const { kty, crv, x, y } = body.publicKey;
    const r = await store.enrollWithKey({
      codeHash: hashCode(body.code),
      keyId: keyThumbprint(body.publicKey),
      publicKey: JSON.stringify({ kty, crv, x, y }),
      label: body.label,
      newDeviceId: randomUUID(),
      ...(body.replaces && { replacesTokenHash: hashToken(body.replaces) }),
      now: now(),
    });
    if (!r.ok) throw new HttpError(403, ENROL_REFUSALS[r.reason], undefined, { code: r.reason });
    if (!r.repeated)
      await audit(opts, 'device.change', {
        deviceId: r.deviceId,
        subject: r.deviceId,
        detail: body.replaces ? 'enrolled again with a device key (was a bearer token)' : 'enrolled',
      });
    return { deviceId: r.deviceId };
  });

  app.post('/api/admin/enrollment-codes', async (req) => {
    const s = await requireManager(opts, req);
    const body = parseOr400(codeRequest, req.body, 'enrolment code request');
    const code = await issueEnrollmentCode(store, body.label, now(), (body.ttlHours ?? 24) * 3600_000);
    await audit(opts, 'device.change', {
      ...actor(s),
      subject: 'enrolment-code',
      detail: `enrolment code issued${via(s)}`,
    });
    return { code };
  });

  // With each tablet's last push and pull, so an admin can tell a lost tablet from a quiet one.
  app.get('/api/admin/devices', async (req) => {
    await requireManager(opts, req);
    parseOr400(noQuery, req.query, 'query');
    const times = await store.deviceSyncTimes();
    const devices = await store.listDevices();
    return {
      devices: devices.map((d) => ({ ...d, lastPushAt: null, lastPullAt: null, ...times.get(d.id) })),
    };
  });

  app.patch('/api/admin/devices/:id', async (req) => {
    const s = await requireManager(opts, req);
    const { id } = parseOr400(deviceParams, req.params, 'device');
    const { label } = parseOr400(renameBody, req.body, 'tablet name');
    const before = (await store.listDevices()).find((d) => d.id === id);
    if (!before || !(await store.renameDevice(id, label))) throw new HttpError(404, 'no active device with this id');
    await audit(opts, 'device.change', {
      ...actor(s),
      subject: id,
      detail: `renamed "${before.label}" -> "${label}"${via(s)}`,
    });
    return { device: { ...before, label } };
  });

  app.post('/api/admin/devices/:id/revoke', async (req) => {
    const s = await requireManager(opts, req);
    const { id } = parseOr400(deviceParams, req.params, 'device');
    parseOr400(noBody, req.body, 'revoke request');
    if (!(await store.revokeDevice(id, now()))) throw new HttpError(404, 'no active device with this id');
    await audit(opts, 'device.change', { ...actor(s), subject: id, detail: `revoked${via(s)}` });
    return { revoked: id };
  });
}
