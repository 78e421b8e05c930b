// A real ScanCard server (Fastify + SQLite file) reached in-process through inject(), so a
// simulation can run thousands of requests quickly and restart the server at will.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server/app';
import { newToken } from '../../src/server/auth';
import { hashUserToken } from '../../src/server/user-auth';
import { enrolInStore } from '../setup/enrol-device';
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
    async enrol() {
      const now = Date.now();
      const { deviceId, token } = await enrolInStore(store, now, 'sim tablet');
      const user = await store.createUser({
        id: randomUUID(),
        username: `sim-${randomUUID().slice(0, 8)}`,
        displayName: 'Sim',
        role: 'technologist',
        secretHash: 'not-used',
        now,
      });
      if (typeof user === 'string') throw new Error(user);
      const userToken = newToken();
      const day = 24 * 3600_000;
      await store.addUserToken({
        tokenHash: hashUserToken(userToken),
        userId: user.id,
        deviceId,
        createdAt: now,
        expiresAt: now + day,
      });
      const headers = { authorization: `Bearer ${token}`, 'x-user-token': userToken };
      return { deviceId, headers: async () => headers };
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
