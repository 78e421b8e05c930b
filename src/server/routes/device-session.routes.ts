// A tablet proves its device key: it asks for a challenge, signs it, and gets a short device session
// (kept only in its memory). Chosen over signing every request: one signature per 15 minutes, no
// canonical request form to agree on, and replay is simple to rule out — a challenge is random,
// single-use and lives a minute, and a session dies with the tablet's revocation. The keyring check
// tells a tablet (signed in or not) which users' wrapped keys it must drop.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  challengeRequestSchema,
  keyringCheckSchema,
  sessionProof,
  sessionRequestSchema,
} from '../../domain/sync/device-auth.schema';
import {
  CHALLENGE_TTL_MS,
  DEVICE_SESSION_TTL_MS,
  hashChallenge,
  hashDeviceSession,
  newToken,
  requireDevice,
} from '../auth';
import { verifyProof } from '../device-keys';
import { HttpError, parseOr400 } from '../http-errors';
import type { SyncStore } from '../store/store';

export type DeviceSessionOptions = { store: SyncStore; now: () => number; maxOfflineMs: number };

const limit = { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } };
const NO_SESSION = 'this device cannot open a session (unknown, revoked, or the proof is wrong): enrol it with a code';

export function deviceSessionRoutes(app: FastifyInstance, { store, now, maxOfflineMs }: DeviceSessionOptions) {
  app.post('/api/devices/challenge', limit, async (req) => {
    const { deviceId } = parseOr400(challengeRequestSchema, req.body, 'challenge request');
    const key = await store.devicePublicKey(deviceId);
    if (!key || key.revoked) throw new HttpError(401, NO_SESSION, undefined, { code: 'reenrol' });
    const challenge = randomBytes(32).toString('base64url');
    const expiresAt = now() + CHALLENGE_TTL_MS;
    await store.addChallenge({ challengeHash: hashChallenge(challenge), deviceId, expiresAt, now: now() });
    return { challenge, expiresAt };
  });

  app.post('/api/devices/session', limit, async (req) => {
    const body = parseOr400(sessionRequestSchema, req.body, 'device session request');
    // Consumed before the signature is checked: a challenge is good for one try, right or wrong.
    const fresh = await store.takeChallenge(hashChallenge(body.challenge), body.deviceId, now());
    const key = await store.devicePublicKey(body.deviceId);
    if (
      !fresh ||
      !key ||
      key.revoked ||
      !verifyProof(key.publicKey, sessionProof(body.deviceId, body.challenge), body.signature)
    )
      throw new HttpError(401, NO_SESSION, undefined, { code: key && !key.revoked ? 'device-session' : 'reenrol' });
    const token = newToken();
    const expiresAt = now() + DEVICE_SESSION_TTL_MS;
    await store.addDeviceSession({
      tokenHash: hashDeviceSession(token),
      deviceId: body.deviceId,
      createdAt: now(),
      expiresAt,
    });
    return { token, expiresAt, ttlMs: DEVICE_SESSION_TTL_MS };
  });

  // With the device session alone (a tablet with nobody signed in must still drop a deactivated user's
  // key). It answers only about the users the tablet names, and only "still good" or not.
  app.post('/api/devices/keyring', async (req) => {
    await requireDevice(store, req, now());
    const body = parseOr400(keyringCheckSchema, req.body, 'keyring check');
    const current = await store.credentialVersions(body.users.map((u) => u.id));
    const valid = body.users
      .filter((u) => {
        const c = current.get(u.id);
        return c?.active && c.version === u.version;
      })
      .map((u) => u.id);
    return { valid, maxOfflineMs, serverTime: now() };
  });
}
