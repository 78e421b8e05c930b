// Enrolment of tablets (public, rate-limited, one-time codes) and the admin's device list.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { enrollRequestSchema } from '../../domain/sync/protocol.schema';
import { hashCode, hashToken, issueEnrollmentCode, newToken, requireAdmin } from '../auth';
import { HttpError, parseOr400 } from '../http-errors';
import type { SyncStore } from '../store/store';

export type DeviceRouteOptions = { store: SyncStore; adminToken: string | undefined; now: () => number };

const codeRequest = z.strictObject({ label: z.string().trim().min(1).max(80), ttlHours: z.number().min(0.1).max(168).optional() });
const deviceParams = z.strictObject({ id: z.string().min(1).max(100) });

export function deviceRoutes(app: FastifyInstance, { store, adminToken, now }: DeviceRouteOptions) {
  app.post('/api/devices/enroll', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (req) => {
    const body = parseOr400(enrollRequestSchema, req.body, 'enrolment request');
    const token = newToken();
    const ok = await store.enrollDevice({ codeHash: hashCode(body.code), deviceId: body.deviceId, label: body.label, tokenHash: hashToken(token), now: now() });
    if (!ok) throw new HttpError(403, 'enrolment code is wrong, expired or already used: ask for a new one');
    return { deviceId: body.deviceId, token };
  });

  app.post('/api/admin/enrollment-codes', async (req) => {
    requireAdmin(adminToken, req);
    const body = parseOr400(codeRequest, req.body, 'enrolment code request');
    const code = await issueEnrollmentCode(store, body.label, now(), (body.ttlHours ?? 24) * 3600_000);
    return { code };
  });

  app.get('/api/admin/devices', async (req) => {
    requireAdmin(adminToken, req);
    return { devices: await store.listDevices() };
  });

  app.post('/api/admin/devices/:id/revoke', async (req) => {
    requireAdmin(adminToken, req);
    const { id } = parseOr400(deviceParams, req.params, 'device');
    if (!(await store.revokeDevice(id, now()))) throw new HttpError(404, 'no active device with this id');
    return { revoked: id };
  });
}
