// A real ScanCard server (Fastify + SQLite file) reached in-process through inject(), so a
// simulation can run thousands of requests quickly, restart the server at will, take a backup of
// its database mid-test and restore it later (as IT would after a disk failure), and start each
// scenario on an empty database. Its clock is the simulation's.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../../src/server/app';
import { storeEnroller } from './store-enroller';
import { openSqliteStore } from '../../src/server/store/open-store';

export type SimServerOptions = {
  /** The server's clock (the simulation's world time); the real clock by default. */
  readonly now?: () => number;
  /** A small request body limit makes tablets split their batches (413). */
  readonly bodyLimitBytes?: number;
};

export async function startSimServer(o: SimServerOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'scancard-sim-'));
  const file = join(dir, 'sim.sqlite');
  const backupFile = join(dir, 'backup.sqlite');
  const now = o.now ?? (() => Date.now());
  const open = async () => {
    const s = await openSqliteStore(file);
    return {
      store: s,
      app: await buildServer({ store: s, now, rateLimitPerMinute: 1_000_000, bodyLimitBytes: o.bodyLimitBytes }),
    };
  };
  let { store, app } = await open();
  const close = async () => {
    await app.close();
    await store.close();
  };
  /** Statements on the file from beside the server (as IT's tools would), between requests. */
  const onFile = (work: (db: Database.Database) => void) => {
    const db = new Database(file);
    try {
      work(db);
    } finally {
      db.close();
    }
  };

  const server = {
    get store() {
      return store;
    },
    async request(method: 'GET' | 'POST', url: string, credentials: Record<string, string>, payload?: string) {
      const res = await app.inject({
        method,
        url,
        payload,
        headers: {
          ...credentials,
          ...(payload !== undefined && { 'content-type': 'application/json' }),
        },
      });
      return { status: res.statusCode, body: res.body };
    },
    /** Enrols through the store (the HTTP route is rate-limited) and signs a technologist in on the tablet. */
    enrol: storeEnroller(() => store, now).enrol,
    /** The process dies and comes back on the same database file. */
    async restart() {
      await close();
      ({ store, app } = await open());
    },
    /** A consistent copy of the database as it is now (SQLite's VACUUM INTO, safe while the server runs). */
    backup() {
      rmSync(backupFile, { force: true });
      onFile((db) => db.exec(`VACUUM INTO '${backupFile}'`));
    },
    get hasBackup() {
      return existsSync(backupFile);
    },
    /** IT restores the last backup: the server stops, the file is replaced, the server starts on it. */
    async restore() {
      await close();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
      copyFileSync(backupFile, file);
      ({ store, app } = await open());
    },
    /** An empty database for the next scenario (cheaper than a new server; sequence numbers go on). */
    reset() {
      rmSync(backupFile, { force: true });
      onFile((db) =>
        db.exec(`DELETE FROM events; DELETE FROM batches; DELETE FROM sops; DELETE FROM device_streams;
                 DELETE FROM refusals; DELETE FROM server_identity; DELETE FROM user_tokens; DELETE FROM device_sessions;
                 DELETE FROM device_challenges; DELETE FROM devices;
                 DELETE FROM enrollment_codes;`),
      );
    },
    async close() {
      await close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
export type SimServer = Awaited<ReturnType<typeof startSimServer>>;
