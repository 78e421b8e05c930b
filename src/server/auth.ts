// Device enrolment and tokens. A tablet is enrolled once with a short one-time code (typed by a
// person) and receives a long random token; only hashes of codes and tokens are stored.
import { randomBytes, randomInt } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { sha256 } from './canonical-json';
import { HttpError } from './http-errors';
import type { Device, SyncStore } from './store/store';

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'; // no 0/O or 1/I/L to misread

export function newEnrollmentCode(): string {
  const chars = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

export const normalizeCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
export const hashCode = (code: string) => sha256(`code:${normalizeCode(code)}`);
export const newToken = () => randomBytes(32).toString('base64url');
export const hashToken = (token: string) => sha256(`token:${token}`);

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

export async function requireDevice(store: SyncStore, req: FastifyRequest): Promise<Device> {
  const token = bearer(req);
  if (!token)
    throw new HttpError(401, 'missing device token: enrol this tablet with a code from the department server');
  const device = await store.deviceByTokenHash(hashToken(token));
  if (!device || device.revokedAt !== null)
    throw new HttpError(401, 'device token is not valid (revoked or unknown): enrol this tablet again');
  return device;
}
