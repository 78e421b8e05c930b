// Seals and opens records with the tablet's data key (AES-GCM, a fresh 96-bit IV per record). The
// record's id is bound as additional data, so a sealed blob cannot be swapped onto another record.
// Sealed parts are stored as base64 text: plain strings survive every structured clone and proxy
// (Dexie's live queries hand back proxies, which typed-array methods refuse).
export type Sealed = { readonly iv: string; readonly ct: string };

export class SealedDataError extends Error {
  override name = 'SealedDataError';
}

export type Vault = {
  seal(value: unknown, recordId: string): Promise<Sealed>;
  open<T>(sealed: Sealed, recordId: string): Promise<T>;
};

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

export function createVault(keyOrPromise: CryptoKey | Promise<CryptoKey>): Vault {
  const key = Promise.resolve(keyOrPromise);
  const subtle = globalThis.crypto.subtle;
  const enc = new TextEncoder();
  return {
    async seal(value, recordId) {
      const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
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
