// Embedded SQLite store (the zero-setup default): one file, WAL mode. better-sqlite3 is
// synchronous, so transactions are serialised by a promise lock: no other request's statements
// can interleave with an open transaction on the shared connection.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ACCESS_SCHEMA, sqliteAccess } from './sqlite.access';
import { ENROLL_RETRY_MS, newDek, sopKey, type Device, type SyncStore, type Tx } from './store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS devices (
  id TEXT PRIMARY KEY, label TEXT NOT NULL, token_hash TEXT UNIQUE, enrolled_at INTEGER NOT NULL, revoked_at INTEGER
);
CREATE TABLE IF NOT EXISTS enrollment_codes (
  code_hash TEXT PRIMARY KEY, label TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, used_at INTEGER, used_by TEXT
);
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL, type TEXT NOT NULL,
  device TEXT NOT NULL, device_seq INTEGER NOT NULL, hlc TEXT NOT NULL, at INTEGER NOT NULL, received_at INTEGER NOT NULL, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_stream ON events (stream_id, type);
CREATE INDEX IF NOT EXISTS events_device ON events (device, device_seq);
CREATE TABLE IF NOT EXISTS batches (
  batch_id TEXT PRIMARY KEY, device TEXT NOT NULL, hash TEXT NOT NULL, response TEXT NOT NULL, received_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sops (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, version INTEGER NOT NULL, body TEXT NOT NULL, source TEXT NOT NULL,
  added_at INTEGER NOT NULL, UNIQUE (id, version)
);
`;

type DeviceRow = { id: string; label: string; enrolled_at: number; revoked_at: number | null };
const toDevice = (r: DeviceRow): Device => ({
  id: r.id,
  label: r.label,
  enrolledAt: r.enrolled_at,
  revokedAt: r.revoked_at,
});
const placeholders = (n: number) => Array(n).fill('?').join(',');
const CHUNK = 500; // SQLite's bound-parameter limit is generous, but keep statements small

export function openSqliteStore(file: string): SyncStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL'); // an acknowledged event must survive a power cut
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  // Files made before data keys existed get the column (existing devices get a key at first login).
  if (!(db.prepare('PRAGMA table_info(devices)').all() as { name: string }[]).some((c) => c.name === 'dek'))
    db.exec('ALTER TABLE devices ADD COLUMN dek BLOB');
  db.exec(ACCESS_SCHEMA);

  let lock: Promise<unknown> = Promise.resolve();
  const insertEvent = db.prepare(
    'INSERT INTO events (id, stream_id, type, device, device_seq, hlc, at, received_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );

  const chunked = <T, R>(items: readonly T[], run: (part: readonly T[]) => R[]): R[] => {
    const out: R[] = [];
    for (let i = 0; i < items.length; i += CHUNK) out.push(...run(items.slice(i, i + CHUNK)));
    return out;
  };

  const tx: Tx = {
    async batch(batchId) {
      return db.prepare('SELECT device, hash, response FROM batches WHERE batch_id = ?').get(batchId) as
        { device: string; hash: string; response: string } | undefined;
    },
    async eventBodies(ids) {
      const rows = chunked(
        ids,
        (part) =>
          db.prepare(`SELECT id, body FROM events WHERE id IN (${placeholders(part.length)})`).all(...part) as {
            id: string;
            body: string;
          }[],
      );
      return new Map(rows.map((r) => [r.id, r.body]));
    },
    async runsCreated(streamIds) {
      const rows = chunked(
        streamIds,
        (part) =>
          db
            .prepare(
              `SELECT stream_id FROM events WHERE type = 'run.created' AND stream_id IN (${placeholders(part.length)})`,
            )
            .all(...part) as {
            stream_id: string;
          }[],
      );
      return new Set(rows.map((r) => r.stream_id));
    },
    async sopBodies(keys) {
      const out = new Map<string, string>();
      const get = db.prepare('SELECT body FROM sops WHERE id = ? AND version = ?');
      for (const k of keys) {
        const row = get.get(k.id, k.version) as { body: string } | undefined;
        if (row) out.set(sopKey(k.id, k.version), row.body);
      }
      return out;
    },
    async insertSop(s) {
      db.prepare('INSERT INTO sops (id, version, body, source, added_at) VALUES (?, ?, ?, ?, ?)').run(
        s.id,
        s.version,
        s.body,
        s.source,
        s.now,
      );
    },
    async insertEvents(rows, receivedAt) {
      for (const r of rows)
        insertEvent.run(r.id, r.streamId, r.type, r.device, r.deviceSeq, r.hlc, r.at, receivedAt, r.body);
    },
    async saveBatch(batchId, rec, now) {
      db.prepare('INSERT INTO batches (batch_id, device, hash, response, received_at) VALUES (?, ?, ?, ?, ?)').run(
        batchId,
        rec.device,
        rec.hash,
        rec.response,
        now,
      );
    },
  };

  const store: SyncStore = {
    kind: 'sqlite',
    transaction<T>(work: (t: Tx) => Promise<T>): Promise<T> {
      const run = lock.then(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(tx);
          db.exec('COMMIT');
          return result;
        } catch (e) {
          db.exec('ROLLBACK');
          throw e;
        }
      });
      lock = run.catch(() => undefined);
      return run;
    },
    async addEnrollmentCode(c) {
      db.prepare('INSERT INTO enrollment_codes (code_hash, label, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
        c.codeHash,
        c.label,
        c.createdAt,
        c.expiresAt,
      );
    },
    async enrollDevice(e) {
      return store.transaction(async () => {
        // A code works once, or again for the same tablet shortly after (its reply may have been lost).
        const used = db
          .prepare(
            `UPDATE enrollment_codes SET used_at = ?, used_by = ? WHERE code_hash = ? AND expires_at > ?
             AND (used_at IS NULL OR (used_by = ? AND used_at > ?))`,
          )
          .run(e.now, e.deviceId, e.codeHash, e.now, e.deviceId, e.now - ENROLL_RETRY_MS);
        if (used.changes !== 1) return false;
        db.prepare(
          `INSERT INTO devices (id, label, token_hash, enrolled_at, revoked_at, dek) VALUES (?, ?, ?, ?, NULL, ?)
           ON CONFLICT (id) DO UPDATE SET label = excluded.label, token_hash = excluded.token_hash, enrolled_at = excluded.enrolled_at, revoked_at = NULL,
             dek = COALESCE(devices.dek, excluded.dek)`,
        ).run(e.deviceId, e.label, e.tokenHash, e.now, newDek());
        return true;
      });
    },
    async deviceByTokenHash(tokenHash) {
      const row = db
        .prepare('SELECT id, label, enrolled_at, revoked_at FROM devices WHERE token_hash = ?')
        .get(tokenHash) as DeviceRow | undefined;
      return row && toDevice(row);
    },
    deviceDek(deviceId) {
      return store.transaction(async () => {
        db.prepare('UPDATE devices SET dek = ? WHERE id = ? AND dek IS NULL').run(newDek(), deviceId);
        return (db.prepare('SELECT dek FROM devices WHERE id = ?').get(deviceId) as { dek: Buffer } | undefined)?.dek;
      });
    },
    revokeDevice(deviceId, now) {
      return store.transaction(async () => {
        db.prepare('DELETE FROM user_tokens WHERE device_id = ?').run(deviceId);
        return (
          db
            .prepare('UPDATE devices SET revoked_at = ?, token_hash = NULL WHERE id = ? AND revoked_at IS NULL')
            .run(now, deviceId).changes === 1
        );
      });
    },
    async listDevices() {
      return (
        db.prepare('SELECT id, label, enrolled_at, revoked_at FROM devices ORDER BY enrolled_at').all() as DeviceRow[]
      ).map(toDevice);
    },
    async activeEnrollmentCodes(now) {
      return (
        db.prepare('SELECT COUNT(*) AS n FROM enrollment_codes WHERE used_at IS NULL AND expires_at > ?').get(now) as {
          n: number;
        }
      ).n;
    },
    async eventsAfter(after, limit, excludeDevice) {
      // Scan a window of sequence numbers; the cursor moves past this device's own events too.
      const rows = db
        .prepare(
          'SELECT seq, id, device, received_at AS receivedAt, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
        )
        .all(after, limit + 1) as {
        seq: number;
        id: string;
        device: string;
        receivedAt: number;
        body: string;
      }[];
      const more = rows.length > limit;
      const window = rows.slice(0, limit);
      const lastSeq = window.at(-1)?.seq ?? after;
      return { rows: window.filter((r) => r.device !== excludeDevice), lastSeq, more };
    },
    async sopsAfter(after) {
      return db.prepare('SELECT seq, body FROM sops WHERE seq > ? ORDER BY seq').all(after) as {
        seq: number;
        body: string;
      }[];
    },
    async eventCount() {
      return (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    },
    async close() {
      await lock;
      db.close();
    },
    ...sqliteAccess(db, (work) => store.transaction(async () => work())),
  };
  return store;
}
