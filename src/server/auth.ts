// How the server resolves the calling tablet. A tablet holds no long-lived secret: it proves its
// key (device-keys.ts) for a short device session kept only in its memory, sent as the bearer.
// Only hashes of codes and session tokens are stored. A release-0.1 bearer token is recognised
// only to tell that tablet to enrol again.
import { randomBytes, randomInt } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { sha256 } from './canonical-json';
import { HttpError } from './http-errors';
import type { Device, SyncStore } from './store/store';

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'; // no 0/O or 1/I/L to misread

/** A device session lasts this long; the tablet proves its key again after it (memory only, so short). */
export const DEVICE_SESSION_TTL_MS = 15 * 60_000;
/** A challenge must be signed and returned within this time, once. */
export const CHALLENGE_TTL_MS = 60_000;

export function newEnrollmentCode(): string {
  const chars = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

export const normalizeCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
export const hashCode = (code: string) => sha256(`code:${normalizeCode(code)}`);
export const newToken = () => randomBytes(32).toString('base64url');
/** Release 0.1's device tokens (still on old tablets). */
export const hashToken = (token: string) => sha256(`token:${token}`);
export const hashDeviceSession = (token: string) => sha256(`device-session:${token}`);
export const hashChallenge = (challenge: string) => sha256(`challenge:${challenge}`);

export async function issueEnrollmentCode(
  store: SyncStore,
  label: string,
  now: number,
  ttlMs = 24 * 3600_000,
): Promise<string> {
  const code = newEnrollmentCode();
  await store.addEnrollmentCode({ codeHash: hashCode(code), label, createdAt: now, expiresAt: now + ttlMs });
  return code;
}

export function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

/**
 * Why a device credential was refused, for the tablet to act on: `device-session` (prove the key
 * again), `reenrol` (a release-0.1 token: enrol with a new code, keeping its data).
 */
export type DeviceRefusal = 'device-session' | 'reenrol';
const refuse = (code: DeviceRefusal, message: string) => new HttpError(401, message, undefined, { code });

/** The one place that turns a request into the calling device (every tablet route goes through it). */
export async function requireDevice(store: SyncStore, req: FastifyRequest, now: number): Promise<Device> {
  const token = bearer(req);
  if (!token) throw refuse('device-session', 'missing device session: this tablet must prove its device key first');
  const device = await store.deviceBySession(hashDeviceSession(token), now);
  if (device) return device;
  const legacy = await store.deviceByTokenHash(hashToken(token));
  if (legacy && legacy.revokedAt === null)
    throw refuse(
      'reenrol',
      'this tablet was connected with an old kind of credential that the server no longer accepts: enter a new enrolment code in Settings (nothing stored on the tablet is lost)',
    );
  throw refuse('device-session', 'device session expired, revoked or unknown: prove the device key again');
}
