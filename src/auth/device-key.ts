// The tablet's device key: ECDSA P-256 made with Web Crypto, private half non-extractable (script can
// sign with it but never read it out, so a copy of IndexedDB holds no usable secret off the tablet).
import type { DevicePublicKey } from '../domain/sync/device-auth.schema';
import { sessionProof } from '../domain/sync/session-proof';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;

export async function generateDeviceKey(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify']);
}

/** The public members only (no key_ops/ext): what the server stores and thumbprints. */
export async function publicJwk(keys: CryptoKeyPair): Promise<DevicePublicKey> {
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', keys.publicKey);
  return { kty: kty as 'EC', crv: crv as 'P-256', x: x!, y: y! };
}

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** Signs the server's challenge for a device session (r‖s, base64url). */
export async function signChallenge(keys: CryptoKeyPair, deviceId: string, challenge: string): Promise<string> {
  const message = new TextEncoder().encode(sessionProof(deviceId, challenge));
  const sig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, message);
  return b64url(new Uint8Array(sig));
}
