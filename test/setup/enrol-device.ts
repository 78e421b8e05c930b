// Enrols a tablet straight in a server store (the enrol route is rate-limited per address) with a
// fresh device key, and opens a device session for it, as the session route would.
import { randomUUID } from 'node:crypto';
import { generateDeviceKey, publicJwk } from '../../src/auth/device-key';
import {
  DEVICE_SESSION_TTL_MS,
  hashCode,
  hashDeviceSession,
  issueEnrollmentCode,
  newToken,
} from '../../src/server/auth';
import { keyThumbprint } from '../../src/server/device-keys';
import type { SyncStore } from '../../src/server/store/store';

export async function openDeviceSession(
  store: SyncStore,
  deviceId: string,
  now: number,
  ttlMs = DEVICE_SESSION_TTL_MS,
) {
  const token = newToken();
  await store.addDeviceSession({
    tokenHash: hashDeviceSession(token),
    deviceId,
    createdAt: now,
    expiresAt: now + ttlMs,
  });
  return token;
}

export async function enrolInStore(store: SyncStore, now: number, label = 'test tablet', ttlMs?: number) {
  const code = await issueEnrollmentCode(store, label, now);
  const keys = await generateDeviceKey();
  const jwk = await publicJwk(keys);
  const r = await store.enrollWithKey({
    codeHash: hashCode(code),
    keyId: keyThumbprint(jwk),
    publicKey: JSON.stringify(jwk),
    label,
    newDeviceId: randomUUID(),
    now,
  });
  if (!r.ok) throw new Error(`enrolment failed: ${r.reason}`);
  const deviceId = r.deviceId as ReturnType<typeof randomUUID>;
  return { deviceId, token: await openDeviceSession(store, deviceId, now, ttlMs), code, keys };
}
