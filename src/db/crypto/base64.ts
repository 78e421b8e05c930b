// Base64 for sealed records, by lookup table: the sealed parts of every event and run row pass through
// here, and atob/btoa with a string per byte cost more than the encryption of a small record.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODE = new Uint8Array(128).fill(255);
for (let i = 0; i < 64; i++) CODE[ALPHABET.charCodeAt(i)] = i;
// Two alphabet letters per 12 bits: one table lookup for each half of a 3-byte group.
const PAIRS: string[] = [];
for (let i = 0; i < 4096; i++) PAIRS.push(ALPHABET[i >> 6]! + ALPHABET[i & 63]!);

export function toBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const whole = n - (n % 3);
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < whole; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    chunk += PAIRS[v >> 12]! + PAIRS[v & 4095]!;
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  if (n - whole === 1) {
    const v = bytes[whole]! << 4;
    chunk += PAIRS[v]! + '==';
  } else if (n - whole === 2) {
    const v = (bytes[whole]! << 10) | (bytes[whole + 1]! << 2);
    chunk += PAIRS[v >> 6]! + ALPHABET[v & 63]! + '=';
  }
  parts.push(chunk);
  return parts.join('');
}

/** Decodes standard base64 (padding optional); anything else is refused rather than read wrongly. */
export function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  let end = b64.length;
  while (end > 0 && b64.charCodeAt(end - 1) === 61) end--; // '='
  if (b64.length - end > 2 || end % 4 === 1) throw new TypeError('not base64');
  const out = new Uint8Array((end * 3) >> 2);
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    const c = b64.charCodeAt(i);
    const v = c < 128 ? CODE[c]! : 255;
    if (v === 255) throw new TypeError('not base64');
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
  }
  return out;
}
