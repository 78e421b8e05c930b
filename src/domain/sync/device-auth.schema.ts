// The wire contract of device identity: enrolment by public key, the signed challenge that opens a
// short device session, and the keyring check that tells a tablet which users' wrapped keys to drop.
import { z } from 'zod';
import { UUID_PATTERN } from '../events/text-rules';

const uuid = z.string().regex(UUID_PATTERN, 'must be a UUID');
const b64url = (bytes: number) =>
  z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((bytes * 4) / 3)}}$`), `must be ${bytes} bytes, base64url`);

/** Only the public members of an ECDSA P-256 JWK: one carrying `d` (a private key) is refused. */
export const publicKeySchema = z.strictObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: b64url(32),
  y: b64url(32),
});
export type DevicePublicKey = z.infer<typeof publicKeySchema>;

export const enrollRequestSchema = z.strictObject({
  code: z.string().trim().min(4).max(32),
  publicKey: publicKeySchema,
  label: z.string().trim().min(1).max(80),
  /** A release-0.1 tablet's bearer token: it keeps its device id (and data key) and the token dies. */
  replaces: z.string().min(20).max(200).optional(),
});
export type EnrollRequest = z.infer<typeof enrollRequestSchema>;
export type EnrollResponse = { readonly deviceId: string };

export const challengeRequestSchema = z.strictObject({ deviceId: uuid });
export type ChallengeResponse = { readonly challenge: string; readonly expiresAt: number };

export const sessionRequestSchema = z.strictObject({
  deviceId: uuid,
  challenge: b64url(32),
  /** ECDSA P-256 / SHA-256 over sessionProof(deviceId, challenge), r‖s (64 bytes). */
  signature: b64url(64),
});
export type DeviceSessionResponse = { readonly token: string; readonly expiresAt: number; readonly ttlMs: number };

export { sessionProof } from './session-proof';

export const keyringCheckSchema = z.strictObject({
  users: z.array(z.strictObject({ id: uuid, version: z.number().int().min(0) })).max(500),
});
export type KeyringCheckResponse = {
  /** Users whose wrapped key on this tablet is still good. */
  readonly valid: readonly string[];
  /** Site setting: refuse offline sign-in after this long without a check. */
  readonly maxOfflineMs: number;
  readonly serverTime: number;
};
