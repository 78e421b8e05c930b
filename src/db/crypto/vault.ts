// Seals and opens records with the tablet's data key (AES-GCM, a fresh 96-bit IV per record). The
// record's id is bound as additional data, so a sealed blob cannot be swapped onto another record.
// Sealed parts are stored as base64 text: plain strings survive every structured clone and proxy
// (Dexie's live queries hand back proxies, which typed-array methods refuse).
import { fromBase64, toBase64 } from './base64';

export { fromBase64, toBase64 };

export type Sealed = { readonly iv: string; readonly ct: string };

export class SealedDataError extends Error {
  override name = 'SealedDataError';
}

export type Vault = {
  seal(value: unknown, recordId: string): Promise<Sealed>;
  open<T>(sealed: Sealed, recordId: string): Promise<T>;
};

// IVs are taken from a pool of random bytes filled 256 at a time: one getRandomValues call per record
// costs more than sealing it. Every IV is still fresh randomness, used once.
const IV_BYTES = 12;
const POOL_IVS = 256;
let pool = new Uint8Array(0);
let taken = 0;
function freshIv(): Uint8Array<ArrayBuffer> {
  if (taken === pool.length) {
    pool = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES * POOL_IVS));
    taken = 0;
  }
  taken += IV_BYTES;
  return pool.subarray(taken - IV_BYTES, taken);
}

export function createVault(keyOrPromise: CryptoKey | Promise<CryptoKey>): Vault {
  const key = Promise.resolve(keyOrPromise);
  const subtle = globalThis.crypto.subtle;
  const enc = new TextEncoder();
  return {
    async seal(value, recordId) {
      const iv = freshIv();
      const ct = await subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: enc.encode(recordId) },
        await key,
        enc.encode(JSON.stringify(value)),
      );
      return { iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) };
    },
    async open<T>(sealed: Sealed, recordId: string): Promise<T> {
      try {
        const plain = await subtle.decrypt(
          { name: 'AES-GCM', iv: fromBase64(sealed.iv), additionalData: enc.encode(recordId) },
          await key,
          fromBase64(sealed.ct),
        );
        return JSON.parse(new TextDecoder().decode(plain)) as T;
      } catch {
        throw new SealedDataError(`record ${recordId} cannot be opened with this tablet's key`);
      }
    },
  };
}
