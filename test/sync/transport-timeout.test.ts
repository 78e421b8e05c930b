// Issue 9, finding 9: after Wi-Fi roaming a connection can stay half open, and a fetch without a
// deadline then waits forever — and with it the one-round-at-a-time scheduler. Against real sockets
// that accept and never answer (or answer half a reply and stall), a request fails in time as a
// transient error, a cancelled one stops at once, and the scheduler goes on to the next round.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSyncScheduler, type SchedulerStatus } from '../../src/sync/sync-scheduler';
import { httpTransport, RejectedSyncError, SyncCancelledError, TransientSyncError } from '../../src/sync/transport';

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.destroy());
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A server that reads the request and then says nothing (or only the start of a reply). */
async function silentServer(say = ''): Promise<string> {
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', () => say && socket.write(say));
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

const query = { after: 0, sopsAfter: 0, limit: 10 };
const HALF_REPLY = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"events":[';

const page = (status: string, html: string) =>
  `HTTP/1.1 ${status}\r\ncontent-type: text/html\r\ncontent-length: ${html.length}\r\nconnection: close\r\n\r\n${html}`;

describe('replies from something between the tablet and the server', () => {
  it('a reverse proxy’s HTML 413 is a refusal the push splits on, never a retry of the same batch', async () => {
    const t = httpTransport(await silentServer(page('413 Request Entity Too Large', '<html>413</html>')));
    const error = await t.push({ batchId: crypto.randomUUID(), events: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RejectedSyncError);
    expect(error).toMatchObject({ status: 413 });
  });

  it('an HTML 502 page is still transient', async () => {
    const t = httpTransport(await silentServer(page('502 Bad Gateway', '<html>502</html>')));
    expect(await t.pull(query).catch((e: unknown) => e)).toBeInstanceOf(TransientSyncError);
  });
});

describe('request deadlines and cancellation', () => {
  it.each([
    ['accepts and never answers', ''],
    ['answers the headers and half a body, then stalls', HALF_REPLY],
  ])('a server that %s: the request fails in time, as a transient error', async (_what, say) => {
    const t = httpTransport(await silentServer(say), undefined, { timeoutMs: 300 });
    const started = Date.now();
    const error = await t.pull(query).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientSyncError);
    expect((error as Error).message).toMatch(/no answer from the server within/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a cancelled request stops at once', async () => {
    const t = httpTransport(await silentServer(), undefined, { timeoutMs: 60_000 });
    const stop = new AbortController();
    const pending = t.push({ batchId: crypto.randomUUID(), events: [] }, stop.signal).catch((e: unknown) => e);
    setTimeout(() => stop.abort(), 50);
    const started = Date.now();
    expect(await pending).toBeInstanceOf(SyncCancelledError);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('the scheduler is never held by a dead connection: the round fails in time and the next one runs', async () => {
    const t = httpTransport(await silentServer(), undefined, { timeoutMs: 200 });
    const statuses: SchedulerStatus[] = [];
    let rounds = 0;
    const scheduler = createSyncScheduler({
      run: async (signal) => {
        rounds += 1;
        await t.pull(query, signal);
      },
      onStatus: (s) => statuses.push(s),
      periodMs: 3_600_000,
    });
    try {
      await scheduler.syncNow();
      expect(statuses.at(-1)).toMatchObject({ state: 'offline', error: expect.stringMatching(/no answer/) });
      await scheduler.syncNow(); // not blocked behind the first
      expect(rounds).toBe(2);
    } finally {
      scheduler.stop();
    }
  });

  it('stopping the scheduler cancels the round in flight; a round past its deadline is cut off', async () => {
    const t = httpTransport(await silentServer(), undefined, { timeoutMs: 60_000 });
    const statuses: SchedulerStatus[] = [];
    const slow = createSyncScheduler({
      run: (signal) => t.pull(query, signal),
      onStatus: (s) => statuses.push(s),
      roundTimeoutMs: 150,
      periodMs: 3_600_000,
    });
    await slow.syncNow(); // its own deadline cancels it
    expect(statuses.at(-1)).toMatchObject({ state: 'offline', error: expect.stringMatching(/took too long/) });
    const round = slow.syncNow();
    slow.stop();
    await round; // settles at once, without a status change after the stop
    expect(statuses.at(-1)?.state).toBe('syncing');
  });
});
