// PostgreSQL half of users, user tokens, the audit trail and the report queries; same contract as
// sqlite.access.ts. Multi-statement changes run in a transaction; "first user" takes a lock.
import type pg from 'pg';
import type { Role } from '../../domain/auth/roles';
import type { AuditAction } from '../../domain/sync/protocol.schema';
import { usernameKey, type AuditRecord, type SyncStore, type User, type UserRecord, withoutSecret } from './store';

export const ACCESS_SCHEMA = `
ALTER TABLE devices ADD COLUMN IF NOT EXISTS dek BYTEA;
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY, username TEXT NOT NULL, username_key TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL,
  secret_hash TEXT NOT NULL, active BOOLEAN NOT NULL, failures INTEGER NOT NULL DEFAULT 0, last_failure_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS user_tokens (
  token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users (id), device_id TEXT NOT NULL REFERENCES devices (id),
  created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS user_tokens_user ON user_tokens (user_id);
CREATE INDEX IF NOT EXISTS user_tokens_device ON user_tokens (device_id);
CREATE TABLE IF NOT EXISTS audit (
  seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, at BIGINT NOT NULL, user_id TEXT, device_id TEXT,
  action TEXT NOT NULL, subject TEXT, detail TEXT
);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at);
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$;
DROP TRIGGER IF EXISTS audit_no_change ON audit;
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
DROP TRIGGER IF EXISTS audit_no_truncate ON audit;
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE INDEX IF NOT EXISTS events_type_at ON events (type, at);
`;

const FIRST_USER_LOCK = 730_126;

type UserRow = {
  id: string;
  username: string;
  display_name: string;
  role: string;
  secret_hash: string;
  active: boolean;
  failures: number;
  last_failure_at: string;
  created_at: string;
  updated_at: string;
};
const USER_COLUMNS =
  'id, username, display_name, role, secret_hash, active, failures, last_failure_at, created_at, updated_at';
const toRecord = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role as Role,
  secretHash: r.secret_hash,
  active: r.active,
  failures: r.failures,
  lastFailureAt: Number(r.last_failure_at),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});
const toUser = (r: UserRow): User => withoutSecret(toRecord(r));

type AccessMethods = Pick<
  SyncStore,
  | 'userCount'
  | 'createUser'
  | 'userById'
  | 'userByUsername'
  | 'listUsers'
  | 'updateUser'
  | 'setUserSecret'
  | 'claimLoginAttempt'
  | 'clearLoginFailures'
  | 'addUserToken'
  | 'userToken'
  | 'revokeUserToken'
  | 'appendAudit'
  | 'auditEntries'
  | 'countEventsBy'
  | 'examRuns'
  | 'runCommands'
>;

export async function inTransaction<T>(pool: pg.Pool, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const result = await work(c);
    await c.query('COMMIT');
    return result;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

export function postgresAccess(pool: pg.Pool): AccessMethods {
  const userWhere = async (q: pg.Pool | pg.PoolClient, where: string, arg: unknown) =>
    (await q.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE ${where}`, [arg])).rows[0];
  return {
    async userCount() {
      return Number((await pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM users')).rows[0]!.n);
    },
    createUser(u, opts) {
      return inTransaction(pool, async (c) => {
        if (opts?.onlyIfFirst) {
          await c.query('SELECT pg_advisory_xact_lock($1)', [FIRST_USER_LOCK]);
          if ((await c.query('SELECT 1 FROM users LIMIT 1')).rowCount) return 'notFirst' as const;
        }
        const r = await c.query<UserRow>(
          `INSERT INTO users (id, username, username_key, display_name, role, secret_hash, active, failures, last_failure_at, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, TRUE, 0, 0, $7, $7) ON CONFLICT (username_key) DO NOTHING RETURNING ${USER_COLUMNS}`,
          [u.id, u.username, usernameKey(u.username), u.displayName, u.role, u.secretHash, u.now],
        );
        return r.rows[0] ? toUser(r.rows[0]) : ('usernameTaken' as const);
      });
    },
    async userById(id) {
      const row = await userWhere(pool, 'id = $1', id);
      return row && toRecord(row);
    },
    async userByUsername(username) {
      const row = await userWhere(pool, 'username_key = $1', usernameKey(username));
      return row && toRecord(row);
    },
    async listUsers() {
      return (await pool.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY username_key`)).rows.map(toUser);
    },
    updateUser(id, patch, now) {
      return inTransaction(pool, async (c) => {
        const before = (await c.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1 FOR UPDATE`, [id]))
          .rows[0];
        if (!before) return undefined;
        const r = await c.query<UserRow>(
          `UPDATE users SET display_name = $1, role = $2, active = $3, updated_at = $4 WHERE id = $5 RETURNING ${USER_COLUMNS}`,
          [patch.displayName ?? before.display_name, patch.role ?? before.role, patch.active ?? before.active, now, id],
        );
        if ((patch.role !== undefined && patch.role !== before.role) || patch.active === false)
          await c.query('DELETE FROM user_tokens WHERE user_id = $1', [id]);
        return toUser(r.rows[0]!);
      });
    },
    setUserSecret(id, secretHash, now, keepTokenHash) {
      return inTransaction(pool, async (c) => {
        const r = await c.query(
          'UPDATE users SET secret_hash = $1, failures = 0, last_failure_at = 0, updated_at = $2 WHERE id = $3',
          [secretHash, now, id],
        );
        await c.query('DELETE FROM user_tokens WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2', [
          id,
          keepTokenHash ?? null,
        ]);
        return r.rowCount === 1;
      });
    },
    async claimLoginAttempt(id, expectedFailures, now) {
      const r = await pool.query(
        'UPDATE users SET failures = failures + 1, last_failure_at = $1 WHERE id = $2 AND failures = $3',
        [now, id, expectedFailures],
      );
      return r.rowCount === 1;
    },
    async clearLoginFailures(id) {
      return (
        (await pool.query('UPDATE users SET failures = 0, last_failure_at = 0 WHERE id = $1', [id])).rowCount === 1
      );
    },
    async addUserToken(t) {
      await pool.query('DELETE FROM user_tokens WHERE expires_at <= $1', [t.createdAt]); // keep the table small
      await pool.query(
        'INSERT INTO user_tokens (token_hash, user_id, device_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
        [t.tokenHash, t.userId, t.deviceId, t.createdAt, t.expiresAt],
      );
    },
    async userToken(tokenHash) {
      const r = await pool.query<{ user_id: string; device_id: string; created_at: string; expires_at: string }>(
        'SELECT user_id, device_id, created_at, expires_at FROM user_tokens WHERE token_hash = $1',
        [tokenHash],
      );
      const row = r.rows[0];
      return (
        row && {
          tokenHash,
          userId: row.user_id,
          deviceId: row.device_id,
          createdAt: Number(row.created_at),
          expiresAt: Number(row.expires_at),
        }
      );
    },
    async revokeUserToken(tokenHash) {
      await pool.query('DELETE FROM user_tokens WHERE token_hash = $1', [tokenHash]);
    },
    async appendAudit(e) {
      await pool.query(
        'INSERT INTO audit (id, at, user_id, device_id, action, subject, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [e.id, e.at, e.userId ?? null, e.deviceId ?? null, e.action, e.subject ?? null, e.detail ?? null],
      );
    },
    async auditEntries(q) {
      const r = await pool.query<Omit<AuditRecord, 'at' | 'action'> & { at: string; action: string }>(
        `SELECT * FROM (
           SELECT id, at, user_id AS "userId", device_id AS "deviceId", action, subject, detail, 'server' AS source FROM audit
           UNION ALL
           SELECT id, at, (body::jsonb)->>'user', device, (body::jsonb)#>>'{payload,action}', (body::jsonb)#>>'{payload,subject}',
                  (body::jsonb)#>>'{payload,detail}', 'tablet' FROM events WHERE type = 'audit.entry'
         ) AS merged WHERE at >= $1 AND at < $2 AND ($3::text IS NULL OR "userId" = $3) AND ($4::text IS NULL OR action = $4)
         ORDER BY at DESC, id DESC LIMIT $5 OFFSET $6`,
        [q.from, q.to, q.userId ?? null, q.action ?? null, q.limit, q.offset],
      );
      return r.rows.map((row) => ({ ...row, at: Number(row.at), action: row.action as AuditAction }));
    },
    async countEventsBy(type, path, range) {
      const r = await pool.query<{ k: string | null; n: string }>(
        'SELECT (body::jsonb)#>>$1::text[] AS k, COUNT(*) AS n FROM events WHERE type = $2 AND at >= $3 AND at < $4 GROUP BY k',
        [path, type, range.from, range.to],
      );
      return Object.fromEntries(r.rows.map((row) => [String(row.k), Number(row.n)]));
    },
    async examRuns(range, limit) {
      const r = await pool.query<{ body: string; event_count: string; last_event_at: string }>(
        `SELECT c.body, s.n AS event_count, s.last_at AS last_event_at FROM events c
         JOIN LATERAL (SELECT COUNT(*) AS n, MAX(at) AS last_at FROM events e WHERE e.stream_id = c.stream_id) s ON TRUE
         WHERE c.type = 'run.created' AND c.at >= $1 AND c.at < $2 AND (c.body::jsonb)#>>'{payload,kind}' = 'exam'
         ORDER BY c.at, c.seq LIMIT $3`,
        [range.from, range.to, limit],
      );
      return r.rows.map((row) => ({
        body: row.body,
        eventCount: Number(row.event_count),
        lastEventAt: Number(row.last_event_at),
      }));
    },
    async runCommands(streamIds) {
      const r = await pool.query<{ streamId: string; body: string }>(
        `SELECT stream_id AS "streamId", body FROM events WHERE type = 'run.command' AND stream_id = ANY($1::text[]) ORDER BY stream_id, hlc COLLATE "C", device COLLATE "C", device_seq`,
        [streamIds],
      );
      return r.rows;
    },
  };
}
