// Child-process entry for the Chromium sync benchmark: express 4 + express-pouchdb 4.2
// ("minimumForPouchDB": only the routes replication needs) over PouchDB's memory adapter, alone in
// its own process like the ScanCard server. Started with `node --import tsx` and an IPC channel;
// sends { type: 'ready', port }, and on "stop" its CPU time, then exits.
import type { AddressInfo } from 'node:net';
import express from 'express';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';

export type PouchServerMessage =
  { type: 'ready'; port: number } | { type: 'stopped'; cpuUserMs: number; cpuSystemMs: number };

if (!process.send) throw new Error('pouch-server.ts is started by a benchmark (needs an IPC channel)');
const send = (m: PouchServerMessage) =>
  new Promise<void>((resolve) => process.send!(m, undefined, {}, () => resolve()));

PouchDB.plugin(memoryAdapter);
const app = express();
app.use('/', expressPouchDB(PouchDB.defaults({ adapter: 'memory' }), { mode: 'minimumForPouchDB' }));
const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});
const cpuAtStart = process.cpuUsage();
await send({ type: 'ready', port: (server.address() as AddressInfo).port });

process.on('disconnect', () => process.exit(1));
process.on('message', (m) => {
  if (m !== 'stop') return;
  const cpu = process.cpuUsage(cpuAtStart);
  server.closeAllConnections();
  server.close();
  void send({ type: 'stopped', cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000 }).then(() =>
    process.exit(0),
  );
});
