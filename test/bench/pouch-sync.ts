// PouchDB baseline for the sync benchmark: pouchdb 9 with the memory adapter on both tablets and on
// the server (express 4 + express-pouchdb 4.2 in "minimumForPouchDB" mode, i.e. only the routes
// replication needs, no config/log files), on a loopback port in this process. Tablet A holds the
// same JSON documents as ScanCard's events (_id = event id); A → server, then server → fresh B,
// with PouchDB's default replication batches (batch_size 100, batches_limit 10).
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import type { StoredEvent } from '../../src/db/db';
import { timed, type Timing } from './bench-util';

PouchDB.plugin(memoryAdapter);
const MemoryPouchDB = PouchDB.defaults({ adapter: 'memory' });

export type PouchResult = { readonly push: Timing; readonly pull: Timing; readonly problems: readonly string[] };

export async function pouchSync(events: readonly StoredEvent[]): Promise<PouchResult> {
  const app = express();
  app.use('/', expressPouchDB(MemoryPouchDB, { mode: 'minimumForPouchDB' }));
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const tag = randomUUID().slice(0, 8);
  const remote = new PouchDB(`http://127.0.0.1:${(server.address() as AddressInfo).port}/bench-${tag}`);
  const a = new MemoryPouchDB(`tablet-a-${tag}`);
  const b = new MemoryPouchDB(`tablet-b-${tag}`);
  const problems: string[] = [];
  try {
    await a.bulkDocs(events.map((e) => ({ _id: e.id, ...e })));
    const push = await timed(() => PouchDB.replicate(a, remote));
    const pull = await timed(() => PouchDB.replicate(remote, b));
    const n = events.length;
    if (push.value.docs_written !== n) problems.push(`push wrote ${push.value.docs_written} of ${n}`);
    if (pull.value.docs_written !== n) problems.push(`pull wrote ${pull.value.docs_written} of ${n}`);
    if ((await b.info()).doc_count !== n) problems.push(`B holds ${(await b.info()).doc_count} docs`);
    return { push, pull, problems };
  } finally {
    await Promise.all([a.destroy(), b.destroy(), remote.destroy()]);
    await new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  }
}
