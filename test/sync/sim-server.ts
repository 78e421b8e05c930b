// A real ScanCard server (Fastify + SQLite file) reached in-process through inject(), so a
// simulation can run thousands of requests quickly and restart the server at will.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server/app';
import { hashCode, hashToken, issueEnrollmentCode, newToken } from '../../src/server/auth';
import { openSqliteStore } from '../../src/server/store/open-store';
import type { SyncStore } from '../../src/server/store/store';

export async function startSimServer() {
  const dir = mkdtempSync(join(tmpdir(), 'scancard-sim-'));
  const file = join(dir, 'sim.sqlite');
  let store: SyncStore = await openSqliteStore(file);
  let app: FastifyInstance = await buildServer({ store, rateLimitPerMinute: 1_000_000 });
  const server = {
    get store() {
      return store;
    },
    async request(method: 'GET' | 'POST', url: string, token: string, payload?: string) {
      const res = await app.inject({
        method,
        url,
        payload,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload !== undefined && { 'content-type': 'application/json' }),
        },
      });
      return { status: res.statusCode, body: res.body };
    },
    /** Enrols through the store: the HTTP route is rate-limited (10 a minute), a simulation is not. */
    async enrol(deviceId: string): Promise<string> {
      const code = await issueEnrollmentCode(store, 'sim', Date.now());
      const token = newToken();
      await store.enrollDevice({
        codeHash: hashCode(code),
        deviceId,
        label: 'sim tablet',
        tokenHash: hashToken(token),
        now: Date.now(),
      });
      return token;
    },
    /** The process dies and comes back on the same database file. */
    async restart() {
      await app.close();
      await store.close();
      store = await openSqliteStore(file);
      app = await buildServer({ store, rateLimitPerMinute: 1_000_000 });
    },
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
export type SimServer = Awaited<ReturnType<typeof startSimServer>>;
