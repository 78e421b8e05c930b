// Child-process entry for the load benchmark: a real ScanCard server alone in its own process (so
// the load generator never steals its event loop). Started by load-bench.ts with
// `node --import tsx` and an IPC channel. Environment:
//   LOAD_STORE=sqlite|postgres, LOAD_SQLITE_FILE or LOAD_PG_URL, LOAD_TABLETS (how many to enrol).
// It enrols the tablets through the store (the HTTP enrol route allows 10 a minute per address),
// then sends { port, devices: [{ deviceId, token }] }. On "stop" it reports its CPU time and the
// number of stored events, closes, and exits.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { buildServer } from '../../src/server/app';
import { newToken } from '../../src/server/auth';
import { hashUserToken } from '../../src/server/user-auth';
import { enrolInStore, openDeviceSession } from '../setup/enrol-device';
import { openPostgresStore, openSqliteStore } from '../../src/server/store/open-store';
import type { SyncStore } from '../../src/server/store/store';

export type ServerReady = {
  type: 'ready';
  port: number;
  devices: { deviceId: string; token: string; userToken: string }[];
};
export type ServerStopped = { type: 'stopped'; cpuUserMs: number; cpuSystemMs: number; events: number };

if (!process.send) throw new Error('load-server.ts is started by load-bench.ts (needs an IPC channel)');
const send = (m: ServerReady | ServerStopped) =>
  new Promise<void>((resolve) => process.send!(m, undefined, {}, () => resolve()));

const kind = process.env.LOAD_STORE;
const store: SyncStore =
  kind === 'postgres'
    ? await openPostgresStore(process.env.LOAD_PG_URL!)
    : await openSqliteStore(process.env.LOAD_SQLITE_FILE!);
const app = await buildServer({ store, rateLimitPerMinute: 1_000_000_000 });
await app.listen({ port: 0, host: '127.0.0.1' });

const devices: ServerReady['devices'] = [];
const day = 24 * 3600_000;
const tech = await store.createUser({
  id: randomUUID(),
  username: 'load-tech',
  displayName: 'Load technologist',
  role: 'technologist',
  secretHash: 'not-used',
  now: Date.now(),
});
if (typeof tech === 'string') throw new Error(tech);
for (let i = 0; i < Number(process.env.LOAD_TABLETS ?? 50); i++) {
  // A day-long device session: the load generator measures sync, not the key proof.
  const { deviceId } = await enrolInStore(store, Date.now(), `load tablet ${i}`);
  const userToken = newToken();
  await store.addUserToken({
    tokenHash: hashUserToken(userToken),
    userId: tech.id,
    deviceId,
    createdAt: Date.now(),
    expiresAt: Date.now() + day,
  });
  devices.push({ deviceId, token: await openDeviceSession(store, deviceId, Date.now(), day), userToken });
}
const cpuAtStart = process.cpuUsage();
await send({ type: 'ready', port: (app.server.address() as AddressInfo).port, devices });

process.on('disconnect', () => process.exit(1)); // the load generator died: never linger as an orphan
process.on('message', (m) => {
  if (m !== 'stop') return;
  void (async () => {
    const cpu = process.cpuUsage(cpuAtStart);
    const events = await store.eventCount();
    await app.close();
    await store.close();
    await send({ type: 'stopped', cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000, events });
    process.exit(0);
  })();
});
