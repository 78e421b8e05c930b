// Packs pending events into push batches that fit the server: at most MAX_PUSH_EVENTS events and at
// most a byte budget for the whole request body (events and the SOP definitions they pin). Sizes
// are the exact UTF-8 length of the JSON the transport sends.

/** One pending event, measured: its JSON's bytes, and the SOP definition it pins (if sent along). */
export type Sized<T> = { readonly item: T; readonly bytes: number; readonly sop?: { key: string; bytes: number } };

/** `{"batchId":"<uuid>","events":[],"sops":[]}` and some room. */
export const ENVELOPE_BYTES = 128;

/** UTF-8 length of a string without encoding it (a lone surrogate counts as the 3 bytes of U+FFFD). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export const jsonBytes = (value: unknown) => utf8Length(JSON.stringify(value));

/**
 * The next batch from `start`: as many items as fit. `tooLarge` when the item at `start` does not
 * fit even alone (it can never be sent; the caller sets it aside).
 */
export function takeBatch<T>(
  items: readonly Sized<T>[],
  start: number,
  limits: { readonly maxEvents: number; readonly maxBytes: number },
): { batch: Sized<T>[]; tooLarge: false } | { batch: []; tooLarge: true } {
  const batch: Sized<T>[] = [];
  const sops = new Set<string>();
  let bytes = ENVELOPE_BYTES;
  for (let i = start; i < items.length && batch.length < limits.maxEvents; i++) {
    const s = items[i]!;
    const sopCost = s.sop && !sops.has(s.sop.key) ? s.sop.bytes + 1 : 0;
    const cost = s.bytes + 1 + sopCost;
    if (bytes + cost > limits.maxBytes) break;
    bytes += cost;
    if (s.sop) sops.add(s.sop.key);
    batch.push(s);
  }
  return batch.length ? { batch, tooLarge: false } : { batch: [], tooLarge: true };
}
