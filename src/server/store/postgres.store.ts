// PostgreSQL store, for a site that outgrows one box (DATABASE_URL=postgres://…). Pushes take a
// transaction-scoped advisory lock so sequence numbers become visible in order: a tablet pulling
// "after N" can never miss an event that committed late with a smaller number.
import pg from 'pg';
import { ACCESS_SCHEMA, inTransaction, postgresAccess } from './postgres.access';
import { ENROLL_RETRY_MS, newDek, sopKey, type Device, type SyncStore, type Tx } from './store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS devices (
  id TEXT PRIMARY KEY, label TEXT NOT NULL, token_hash TEXT UNIQUE, enrolled_at BIGINT NOT NULL, revoked_at BIGINT
);
CREATE TABLE IF NOT EXISTS enrollment_codes (
  code_hash TEXT PRIMARY KEY, label TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, used_at BIGINT, used_by TEXT
);
CREATE TABLE IF NOT EXISTS events (
  seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL, type TEXT NOT NULL, device TEXT NOT NULL,
  device_seq BIGINT NOT NULL, hlc TEXT NOT NULL, at BIGINT NOT NULL, received_at BIGINT NOT NULL, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_stream ON events (stream_id, type);
CREATE INDEX IF NOT EXISTS events_device ON events (device, device_seq);
CREATE TABLE IF NOT EXISTS batches (
  batch_id TEXT PRIMARY KEY, device TEXT NOT NULL, hash TEXT NOT NULL, response TEXT NOT NULL, received_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS sops (
  seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL, version INTEGER NOT NULL, body TEXT NOT NULL, source TEXT NOT NULL,
  added_at BIGINT NOT NULL, UNIQUE (id, version)
);
`;

const PUSH_LOCK = 730_125; // any constant: one advisory lock for all pushes

type DeviceRow = { id: string; label: string; enrolled_at: string; revoked_at: string | null };
const toDevice = (r: DeviceRow): Device => ({
  id: r.id,
  label: r.label,
  enrolledAt: Number(r.enrolled_at),
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
});

export async function openPostgresStore(connectionString: string): Promise<SyncStore> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  await pool.query(SCHEMA);
  await pool.query(ACCESS_SCHEMA);

  const txOn = (c: pg.PoolClient): Tx => ({
    async batch(batchId) {
      const r = await c.query<{ device: string; hash: string; response: string }>(
        'SELECT device, hash, response FROM batches WHERE batch_id = $1',
        [batchId],
      );
      return r.rows[0];
    },
    async eventBodies(ids) {
      const r = await c.query<{ id: string; body: string }>('SELECT id, body FROM events WHERE id = ANY($1::text[])', [
        ids,
      ]);
      return new Map(r.rows.map((row) => [row.id, row.body]));
    },
    async runsCreated(streamIds) {
      const r = await c.query<{ stream_id: string }>(
        `SELECT stream_id FROM events WHERE type = 'run.created' AND stream_id = ANY($1::text[])`,
        [streamIds],
      );
      return new Set(r.rows.map((row) => row.stream_id));
    },
    async sopBodies(keys) {
      const r = await c.query<{ id: string; version: number; body: string }>(
        'SELECT id, version, body FROM sops WHERE (id, version) IN (SELECT * FROM UNNEST($1::text[], $2::int[]))',
        [keys.map((k) => k.id), keys.map((k) => k.version)],
      );
      return new Map(r.rows.map((row) => [sopKey(row.id, row.version), row.body]));
    },
    async insertSop(s) {
      await c.query('INSERT INTO sops (id, version, body, source, added_at) VALUES ($1, $2, $3, $4, $5)', [
        s.id,
        s.version,
        s.body,
        s.source,
        s.now,
      ]);
    },
    async insertEvents(rows, receivedAt) {
      if (!rows.length) return;
      await c.query(
        `INSERT INTO events (id, stream_id, type, device, device_seq, hlc, at, received_at, body)
         SELECT id, stream_id, type, device, device_seq, hlc, at, $8, body
         FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::bigint[], $9::text[])
           WITH ORDINALITY AS t(id, stream_id, type, device, device_seq, hlc, at, body, n)
         ORDER BY n`,
        [
          rows.map((r) => r.id),
          rows.map((r) => r.streamId),
          rows.map((r) => r.type),
          rows.map((r) => r.device),
          rows.map((r) => r.deviceSeq),
          rows.map((r) => r.hlc),
          rows.map((r) => r.at),
          receivedAt,
          rows.map((r) => r.body),
        ],
      );
    },
    async saveBatch(batchId, rec, now) {
      await c.query('INSERT INTO batches (batch_id, device, hash, response, received_at) VALUES ($1, $2, $3, $4, $5)', [
        batchId,
        rec.device,
        rec.hash,
        rec.response,
        now,
      ]);
    },
  });

  async function pushTx<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock($1)', [PUSH_LOCK]);
      const result = await work(txOn(c));
      await c.query('COMMIT');
      return result;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }

  // Pushes wait their turn here, not holding a pool connection while blocked on the advisory lock,
  // so pulls keep getting connections under load.
  let pushQueue: Promise<unknown> = Promise.resolve();
  const store: SyncStore = {
    kind: 'postgres',
    transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
      const run = pushQueue.then(() => pushTx(work));
      pushQueue = run.catch(() => undefined);
      return run;
    },
    async addEnrollmentCode(code) {
      await pool.query(
        'INSERT INTO enrollment_codes (code_hash, label, created_at, expires_at) VALUES ($1, $2, $3, $4)',
        [code.codeHash, code.label, code.createdAt, code.expiresAt],
      );
    },
    async enrollDevice(e) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        // A code works once, or again for the same tablet shortly after (its reply may have been lost).
        const used = await c.query(
          `UPDATE enrollment_codes SET used_at = $1, used_by = $2 WHERE code_hash = $3 AND expires_at > $1
           AND (used_at IS NULL OR (used_by = $2 AND used_at > $4))`,
          [e.now, e.deviceId, e.codeHash, e.now - ENROLL_RETRY_MS],
        );
        if (used.rowCount !== 1) {
          await c.query('ROLLBACK');
          return false;
        }
        await c.query(
          `INSERT INTO devices (id, label, token_hash, enrolled_at, revoked_at, dek) VALUES ($1, $2, $3, $4, NULL, $5)
           ON CONFLICT (id) DO UPDATE SET label = EXCLUDED.label, token_hash = EXCLUDED.token_hash, enrolled_at = EXCLUDED.enrolled_at, revoked_at = NULL,
             dek = COALESCE(devices.dek, EXCLUDED.dek)`,
          [e.deviceId, e.label, e.tokenHash, e.now, newDek()],
        );
        await c.query('COMMIT');
        return true;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    },
    async deviceByTokenHash(tokenHash) {
      const r = await pool.query<DeviceRow>(
        'SELECT id, label, enrolled_at, revoked_at FROM devices WHERE token_hash = $1',
        [tokenHash],
      );
      return r.rows[0] && toDevice(r.rows[0]);
    },
    async deviceDek(deviceId) {
      await pool.query('UPDATE devices SET dek = $1 WHERE id = $2 AND dek IS NULL', [newDek(), deviceId]);
      return (await pool.query<{ dek: Buffer }>('SELECT dek FROM devices WHERE id = $1', [deviceId])).rows[0]?.dek;
    },
    revokeDevice(deviceId, now) {
      return inTransaction(pool, async (c) => {
        await c.query('DELETE FROM user_tokens WHERE device_id = $1', [deviceId]);
        const r = await c.query(
          'UPDATE devices SET revoked_at = $1, token_hash = NULL WHERE id = $2 AND revoked_at IS NULL',
          [now, deviceId],
        );
        return r.rowCount === 1;
      });
    },
    async listDevices() {
      return (
        await pool.query<DeviceRow>('SELECT id, label, enrolled_at, revoked_at FROM devices ORDER BY enrolled_at')
      ).rows.map(toDevice);
    },
    async activeEnrollmentCodes(now) {
      const r = await pool.query<{ n: string }>(
        'SELECT COUNT(*) AS n FROM enrollment_codes WHERE used_at IS NULL AND expires_at > $1',
        [now],
      );
      return Number(r.rows[0]!.n);
    },
    async eventsAfter(after, limit, excludeDevice) {
      const r = await pool.query<{ seq: string; id: string; device: string; received_at: string; body: string }>(
        'SELECT seq, id, device, received_at, body FROM events WHERE seq > $1 ORDER BY seq LIMIT $2',
        [after, limit + 1],
      );
      const more = r.rows.length > limit;
      const window = r.rows.slice(0, limit);
      const lastSeq = window.length ? Number(window.at(-1)!.seq) : after;
      return {
        rows: window
          .filter((row) => row.device !== excludeDevice)
          .map((row) => ({
            seq: Number(row.seq),
            id: row.id,
            device: row.device,
            receivedAt: Number(row.received_at),
            body: row.body,
          })),
        lastSeq,
        more,
      };
    },
    async sopsAfter(after) {
      const r = await pool.query<{ seq: string; body: string }>(
        'SELECT seq, body FROM sops WHERE seq > $1 ORDER BY seq',
        [after],
      );
      return r.rows.map((row) => ({ seq: Number(row.seq), body: row.body }));
    },
    async eventCount() {
      return Number((await pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM events')).rows[0]!.n);
    },
    async close() {
      await pool.end();
    },
    ...postgresAccess(pool),
  };
  return store;
}
