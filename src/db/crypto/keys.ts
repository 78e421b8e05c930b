// Key handling with Web Crypto. The tablet's data key (DEK) encrypts patient identifiers and free
// text in IndexedDB; it is never stored in clear. Each user who has signed in on this tablet has a
// copy of the DEK wrapped by a key derived from their PIN or password (PBKDF2-SHA256, 600,000
// iterations, OWASP 2023), so any of them can open runs offline. Unwrapping succeeds only with the
// right secret (AES-GCM authenticates), so the wrapped copy is also the offline secret check.
import { fromBase64, toBase64 } from './vault';
export const KDF_ITERATIONS = 600_000;

/** Salt, IV and ciphertext as base64 text (see vault.ts for why). */
export type WrappedKey = {
  readonly salt: string;
  readonly iterations: number;
  readonly iv: string;
  readonly ct: string;
};

export class WrongSecretError extends Error {
  override name = 'WrongSecretError';
  constructor() {
    super('wrong PIN or password');
  }
}

const subtle = () => globalThis.crypto.subtle;
const bytes = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));

async function deriveKek(secret: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const base = await subtle().importKey('raw', new TextEncoder().encode(secret), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** The DEK as a non-extractable key: usable for sealing, never readable back by script. */
export function importDek(raw: Uint8Array): Promise<CryptoKey> {
  return subtle().importKey('raw', raw as BufferSource, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export async function wrapDek(raw: Uint8Array, secret: string, iterations = KDF_ITERATIONS): Promise<WrappedKey> {
  const salt = bytes(16);
  const iv = bytes(12);
  const kek = await deriveKek(secret, salt, iterations);
  const ct = await subtle().encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode('scancard-dek') },
    kek,
    raw as BufferSource,
  );
  return { salt: toBase64(salt), iterations, iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) };
}

/** Returns the DEK's raw bytes, or throws WrongSecretError. Callers import it and drop the bytes. */
export async function unwrapDek(w: WrappedKey, secret: string): Promise<Uint8Array> {
  const kek = await deriveKek(secret, fromBase64(w.salt), w.iterations);
  try {
    return new Uint8Array(
      await subtle().decrypt(
        { name: 'AES-GCM', iv: fromBase64(w.iv), additionalData: new TextEncoder().encode('scancard-dek') },
        kek,
        fromBase64(w.ct),
      ),
    );
  } catch {
    throw new WrongSecretError();
  }
}

export { fromBase64 } from './vault';
