// Device keys: each tablet generates an ECDSA P-256 key pair with Web Crypto (the private key is
// non-extractable and never leaves it) and proves possession by signing a server challenge. Here:
// the public-key shape, its thumbprint (the key's identity), and the signature check.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { DevicePublicKey } from '../domain/sync/device-auth.schema';

/** RFC 7638 thumbprint: SHA-256 of the required members in lexical order. */
export function keyThumbprint(k: DevicePublicKey): string {
  const canonical = `{"crv":"${k.crv}","kty":"${k.kty}","x":"${k.x}","y":"${k.y}"}`;
  return createHash('sha256').update(canonical).digest('base64url');
}

/** Throws unless the point is on the curve (node checks it on import). */
export function importPublicKey(k: DevicePublicKey): KeyObject {
  return createPublicKey({ key: k, format: 'jwk' });
}

/** Web Crypto signs ECDSA as r‖s (IEEE P1363), not DER. */
export function verifyProof(publicKey: string, message: string, signature: string): boolean {
  try {
    const key = importPublicKey(JSON.parse(publicKey) as DevicePublicKey);
    return verify(
      'sha256',
      Buffer.from(message),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    );
  } catch {
    return false;
  }
}
