// Encryption at rest on the server: envelope encryption. Rows are sealed (AES-256-GCM, a fresh IV
// each, the row's identity as additional data so a sealed value cannot be moved to another row)
// under a data key; data keys live in `data_keys`, each wrapped by a key-encryption key (KEK) that
// is never in the database, with the KEK's id on the row. Rotating the KEK re-wraps those few rows.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Keyring } from '../keys/keyring';
import type { Dialect } from './dialect';

const IV = 12;
const TAG = 16;
const TEXT_PREFIX = '~1.';
const BYTES_MAGIC = Buffer.from('S1');

export type Sealer = {
  /** `~1.<data key id>.<base64url(iv|tag|ciphertext)>`: text any column (and PostgreSQL) holds. */
  sealText(plain: string, aad: string): string;
  /** Opens a sealed text; a text that was never sealed (a type without patient data) comes back as it is. */
  openText(stored: string, aad: string): Promise<string>;
  sealBytes(plain: Buffer, aad: string): Buffer;
  /** Opens sealed bytes; `undefined` for bytes that were never sealed. */
  openBytes(stored: Buffer, aad: string): Promise<Buffer | undefined>;
  /**
   * A blind index: HMAC-SHA256 of `value` under the database's blind-index key, to look a row up by
   * an identifier without storing it (PITFALLS: "use a keyed hash as a blind index"). The key lives
   * as long as the database (rotation re-wraps it), so an index made once keeps finding its row.
   */
  blindIndex(value: string, purpose: string): string;
};

export const isSealedText = (s: string) => s.startsWith(TEXT_PREFIX);
export const isSealedBytes = (b: Buffer) => b.length > 3 && b.subarray(0, 2).equals(BYTES_MAGIC);

function encrypt(key: Buffer, plain: Buffer, aad: string): Buffer {
  const iv = randomBytes(IV);
  const c = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]);
}

function decrypt(key: Buffer, sealed: Buffer, aad: string, what: string): Buffer {
  try {
    const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV)).setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(sealed.subarray(IV, IV + TAG));
    return Buffer.concat([d.update(sealed.subarray(IV + TAG)), d.final()]);
  } catch {
    throw new Error(`${what} does not open: it was changed, moved to another row, or sealed under another key`);
  }
}

const wrapAad = (dataKeyId: string) => `data-key:${dataKeyId}`;
const newDataKeyId = () => `d${randomBytes(6).toString('hex')}`;

function unwrap(ring: Keyring, row: { id: string; kekId: string; wrapped: Buffer }): Buffer {
  const kek = ring.keys.get(row.kekId);
  if (!kek)
    throw new Error(
      `this database's data key ${row.id} is wrapped by key "${row.kekId}", which ${ring.source} does not hold: start the server with the key file or SCANCARD_KEK that has it`,
    );
  return decrypt(kek, row.wrapped, wrapAad(row.id), `data key ${row.id} (with key "${row.kekId}" of ${ring.source})`);
}

async function insertDataKey(
  d: Dialect,
  ring: Keyring,
  now: number,
  purpose: 'seal' | 'audit' | 'blind',
  id = newDataKeyId(),
) {
  const wrapped = encrypt(ring.keys.get(ring.current)!, randomBytes(32), wrapAad(id));
  await d.db
    .insertInto('dataKeys')
    .values({ id, purpose, kekId: ring.current, wrapped, createdAt: now })
    .onConflict((oc) => oc.column('id').doNothing()) // two servers starting at once make one audit key
    .execute();
}

export const AUDIT_KEY_ID = 'audit';
export const BLIND_INDEX_KEY_ID = 'blind-index';

/** A key made once for the database's life (rotation re-wraps it, never replaces it). */
async function openLifetimeKey(d: Dialect, ring: Keyring, now: number, purpose: 'audit' | 'blind', id: string) {
  await insertDataKey(d, ring, now, purpose, id);
  const row = await d.db
    .selectFrom('dataKeys')
    .select(['id', 'kekId', 'wrapped'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return unwrap(ring, row);
}

/** The key the audit chain is signed with: one for the database's life (rotation re-wraps it). */
export async function openAuditKey(d: Dialect, ring: Keyring, now: number): Promise<{ key: Buffer }> {
  return { key: await openLifetimeKey(d, ring, now, 'audit', AUDIT_KEY_ID) };
}

/**
 * The store's sealer. `fresh` is true when the database had no sealing key yet (new, or from a
 * release before sealing): rows written before then are in clear and are sealed next (seal-clear-rows.ts).
 */
export async function openSealer(d: Dialect, ring: Keyring, now: number): Promise<{ sealer: Sealer; fresh: boolean }> {
  const keys = new Map<string, Buffer>();
  const load = async () => {
    const rows = await d.db
      .selectFrom('dataKeys')
      .select(['id', 'kekId', 'wrapped', 'createdAt'])
      .where('purpose', '=', 'seal')
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
    for (const r of rows) if (!keys.has(r.id)) keys.set(r.id, unwrap(ring, r));
    return rows;
  };
  let rows = await load();
  const fresh = rows.length === 0;
  if (fresh) {
    await insertDataKey(d, ring, now, 'seal');
    rows = await load();
  }
  const currentId = rows.at(-1)!.id; // the newest: rotation adds one
  const current = keys.get(currentId)!;
  const blindKey = await openLifetimeKey(d, ring, now, 'blind', BLIND_INDEX_KEY_ID);
  // A key another server process made after this one started: read it once.
  const keyFor = async (id: string, what: string) => {
    if (!keys.has(id)) await load();
    const key = keys.get(id);
    if (!key) throw new Error(`${what} is sealed under data key ${id}, which this database does not have`);
    return key;
  };

  return {
    fresh,
    sealer: {
      sealText: (plain, aad) =>
        `${TEXT_PREFIX}${currentId}.${encrypt(current, Buffer.from(plain, 'utf8'), aad).toString('base64url')}`,
      async openText(stored, aad) {
        if (!isSealedText(stored)) return stored;
        const dot = stored.indexOf('.', TEXT_PREFIX.length);
        const id = stored.slice(TEXT_PREFIX.length, dot);
        const key = await keyFor(id, `the value of ${aad}`);
        return decrypt(key, Buffer.from(stored.slice(dot + 1), 'base64url'), aad, `the value of ${aad}`).toString(
          'utf8',
        );
      },
      sealBytes(plain, aad) {
        const id = Buffer.from(currentId, 'ascii');
        return Buffer.concat([BYTES_MAGIC, Buffer.of(id.length), id, encrypt(current, plain, aad)]);
      },
      async openBytes(stored, aad) {
        if (!isSealedBytes(stored)) return undefined;
        const idEnd = 3 + stored[2]!;
        const id = stored.subarray(3, idEnd).toString('ascii');
        return decrypt(await keyFor(id, `the value of ${aad}`), stored.subarray(idEnd), aad, `the value of ${aad}`);
      },
      blindIndex: (value, purpose) => createHmac('sha256', blindKey).update(`${purpose}\0${value}`).digest('base64url'),
    },
  };
}

/**
 * Re-wraps every data key under the keyring's current KEK and adds a fresh data key for new rows
 * (data written after a rotation is safe even if the old KEK leaked). Returns the KEK ids the
 * database no longer uses.
 */
export async function rewrapDataKeys(
  d: Dialect,
  ring: Keyring,
  now: number,
): Promise<{ rewrapped: number; released: string[] }> {
  const before = await d.db.selectFrom('dataKeys').select(['id', 'kekId', 'wrapped']).execute();
  const kek = ring.keys.get(ring.current)!;
  await d.transaction(async (trx) => {
    for (const row of before) {
      if (row.kekId === ring.current) continue;
      const wrapped = encrypt(kek, unwrap(ring, row), wrapAad(row.id));
      await trx.updateTable('dataKeys').set({ kekId: ring.current, wrapped }).where('id', '=', row.id).execute();
    }
  });
  await insertDataKey(d, ring, now, 'seal');
  const released = [...new Set(before.map((r) => r.kekId))].filter((id) => id !== ring.current);
  return { rewrapped: before.filter((r) => r.kekId !== ring.current).length, released };
}

/** What a sealed event body is bound to: its event id. */
export const eventAad = (eventId: string) => `event:${eventId}`;
/** What a sealed tablet data key is bound to: its device. */
export const dekAad = (deviceId: string) => `device-dek:${deviceId}`;
/** What a sealed field of a run's read-model row is bound to: its run and field. */
export const projectionAad = (runId: string, field: 'body' | 'problem') => `projection-${field}:${runId}`;

/** The canonical body of a stored event row (sealed or not). */
export const openEventBody = (sealer: Sealer, row: { id: string; body: string }) =>
  sealer.openText(row.body, eventAad(row.id));
