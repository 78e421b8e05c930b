// SQLite half of users, user tokens, the audit trail and the report queries. Writes go through the
// store's transaction lock, so they never land inside (and roll back with) another request's push.
import type Database from 'better-sqlite3';
import type { Role } from '../../domain/auth/roles';
import type { AuditAction } from '../../domain/sync/protocol.schema';
import { usernameKey, type AuditRecord, type SyncStore, type User, type UserRecord, withoutSecret } from './store';

export const ACCESS_SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY, username TEXT NOT NULL, username_key TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL,
  secret_hash TEXT NOT NULL, active INTEGER NOT NULL, failures INTEGER NOT NULL DEFAULT 0, last_failure_at INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS user_tokens (
  token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users (id), device_id TEXT NOT NULL REFERENCES devices (id),
  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS user_tokens_user ON user_tokens (user_id);
CREATE INDEX IF NOT EXISTS user_tokens_device ON user_tokens (device_id);
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, at INTEGER NOT NULL, user_id TEXT, device_id TEXT,
  action TEXT NOT NULL, subject TEXT, detail TEXT
);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE INDEX IF NOT EXISTS events_type_at ON events (type, at);
`;

type UserRow = {
  id: string;
  username: string;
  display_name: string;
  role: string;
  secret_hash: string;
  active: number;
  failures: number;
  last_failure_at: number;
  created_at: number;
  updated_at: number;
};
const USER_COLUMNS =
  'id, username, display_name, role, secret_hash, active, failures, last_failure_at, created_at, updated_at';
const toRecord = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role as Role,
  secretHash: r.secret_hash,
  active: r.active === 1,
  failures: r.failures,
  lastFailureAt: r.last_failure_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
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

export function sqliteAccess(db: Database.Database, serial: <T>(work: () => T) => Promise<T>): AccessMethods {
  const userWhere = (where: string, ...args: unknown[]) =>
    db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE ${where}`).get(...args) as UserRow | undefined;
  return {
    async userCount() {
      return (db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
    },
    createUser(u, opts) {
      return serial(() => {
        if (opts?.onlyIfFirst && (db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n > 0)
          return 'notFirst' as const;
        const r = db
          .prepare(
            `INSERT INTO users (id, username, username_key, display_name, role, secret_hash, active, failures, last_failure_at, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, 1, 0, 0, ?, ?) ON CONFLICT (username_key) DO NOTHING`,
          )
          .run(u.id, u.username, usernameKey(u.username), u.displayName, u.role, u.secretHash, u.now, u.now);
        return r.changes === 1 ? toUser(userWhere('id = ?', u.id)!) : ('usernameTaken' as const);
      });
    },
    async userById(id) {
      const row = userWhere('id = ?', id);
      return row && toRecord(row);
    },
    async userByUsername(username) {
      const row = userWhere('username_key = ?', usernameKey(username));
      return row && toRecord(row);
    },
    async listUsers() {
      return (db.prepare(`SELECT ${USER_COLUMNS} FROM users ORDER BY username_key`).all() as UserRow[]).map(toUser);
    },
    updateUser(id, patch, now) {
      return serial(() => {
        const before = userWhere('id = ?', id);
        if (!before) return undefined;
        db.prepare('UPDATE users SET display_name = ?, role = ?, active = ?, updated_at = ? WHERE id = ?').run(
          patch.displayName ?? before.display_name,
          patch.role ?? before.role,
          patch.active === undefined ? before.active : Number(patch.active),
          now,
          id,
        );
        if ((patch.role !== undefined && patch.role !== before.role) || patch.active === false)
          db.prepare('DELETE FROM user_tokens WHERE user_id = ?').run(id);
        return toUser(userWhere('id = ?', id)!);
      });
    },
    setUserSecret(id, secretHash, now, keepTokenHash) {
      return serial(() => {
        const r = db
          .prepare('UPDATE users SET secret_hash = ?, failures = 0, last_failure_at = 0, updated_at = ? WHERE id = ?')
          .run(secretHash, now, id);
        db.prepare('DELETE FROM user_tokens WHERE user_id = ? AND token_hash IS NOT ?').run(id, keepTokenHash ?? null);
        return r.changes === 1;
      });
    },
    claimLoginAttempt(id, expectedFailures, now) {
      return serial(
        () =>
          db
            .prepare('UPDATE users SET failures = failures + 1, last_failure_at = ? WHERE id = ? AND failures = ?')
            .run(now, id, expectedFailures).changes === 1,
      );
    },
    clearLoginFailures(id) {
      return serial(
        () => db.prepare('UPDATE users SET failures = 0, last_failure_at = 0 WHERE id = ?').run(id).changes === 1,
      );
    },
    addUserToken(t) {
      return serial(() => {
        db.prepare('DELETE FROM user_tokens WHERE expires_at <= ?').run(t.createdAt); // keep the table small
        db.prepare(
          'INSERT INTO user_tokens (token_hash, user_id, device_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
        ).run(t.tokenHash, t.userId, t.deviceId, t.createdAt, t.expiresAt);
      });
    },
    async userToken(tokenHash) {
      const r = db
        .prepare('SELECT token_hash, user_id, device_id, created_at, expires_at FROM user_tokens WHERE token_hash = ?')
        .get(tokenHash) as
        { token_hash: string; user_id: string; device_id: string; created_at: number; expires_at: number } | undefined;
      return (
        r && {
          tokenHash: r.token_hash,
          userId: r.user_id,
          deviceId: r.device_id,
          createdAt: r.created_at,
          expiresAt: r.expires_at,
        }
      );
    },
    revokeUserToken(tokenHash) {
      return serial(() => void db.prepare('DELETE FROM user_tokens WHERE token_hash = ?').run(tokenHash));
    },
    appendAudit(e) {
      return serial(
        () =>
          void db
            .prepare(
              'INSERT INTO audit (id, at, user_id, device_id, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
            )
            .run(e.id, e.at, e.userId ?? null, e.deviceId ?? null, e.action, e.subject ?? null, e.detail ?? null),
      );
    },
    async auditEntries(q) {
      const rows = db
        .prepare(
          `SELECT * FROM (
             SELECT id, at, user_id AS userId, device_id AS deviceId, action, subject, detail, 'server' AS source FROM audit
             UNION ALL
             SELECT id, at, json_extract(body, '$.user'), device, json_extract(body, '$.payload.action'), json_extract(body, '$.payload.subject'),
                    json_extract(body, '$.payload.detail'), 'tablet' FROM events WHERE type = 'audit.entry'
           ) WHERE at >= ? AND at < ? AND (? IS NULL OR userId = ?) AND (? IS NULL OR action = ?)
           ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
        )
        .all(
          q.from,
          q.to,
          q.userId ?? null,
          q.userId ?? null,
          q.action ?? null,
          q.action ?? null,
          q.limit,
          q.offset,
        ) as (Omit<AuditRecord, 'action'> & {
        action: string;
      })[];
      return rows.map((r) => ({ ...r, action: r.action as AuditAction }));
    },
    async countEventsBy(type, path, range) {
      const rows = db
        .prepare(
          'SELECT json_extract(body, ?) AS k, COUNT(*) AS n FROM events WHERE type = ? AND at >= ? AND at < ? GROUP BY k',
        )
        .all(`$.${path.join('.')}`, type, range.from, range.to) as { k: string | number | null; n: number }[];
      return Object.fromEntries(rows.map((r) => [String(r.k), r.n]));
    },
    async examRuns(range, limit) {
      return db
        .prepare(
          `SELECT c.body AS body, (SELECT COUNT(*) FROM events e WHERE e.stream_id = c.stream_id) AS eventCount,
                  (SELECT MAX(at) FROM events e WHERE e.stream_id = c.stream_id) AS lastEventAt
           FROM events c WHERE c.type = 'run.created' AND c.at >= ? AND c.at < ? AND json_extract(c.body, '$.payload.kind') = 'exam'
           ORDER BY c.at, c.seq LIMIT ?`,
        )
        .all(range.from, range.to, limit) as { body: string; eventCount: number; lastEventAt: number }[];
    },
    async runCommands(streamIds) {
      const out: { streamId: string; body: string }[] = [];
      const get = db.prepare(
        `SELECT stream_id AS streamId, body FROM events WHERE type = 'run.command' AND stream_id = ? ORDER BY hlc, device, device_seq`,
      );
      for (const id of streamIds) out.push(...(get.all(id) as { streamId: string; body: string }[]));
      return out;
    },
  };
}
