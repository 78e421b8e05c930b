// One simulated tablet of the load benchmark: a plain HTTP client (Node's fetch = undici, keep-alive
// connections) with its own token that loops push (10 new events of its own runs; a run's first
// batch starts with its run.created) then pull (after its own cursor, limit 500).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { PullResponse } from '../../src/domain/sync/protocol.schema';
import { eventWriter } from './bench-events';

export type Endpoint = 'push' | 'pull';
export type EndpointStats = { latencies: number[]; errors: number; statuses: Map<string, number>; events: number };
export type LoadStats = Record<Endpoint, EndpointStats>;

export const newStats = (): LoadStats => ({
  push: { latencies: [], errors: 0, statuses: new Map(), events: 0 },
  pull: { latencies: [], errors: 0, statuses: new Map(), events: 0 },
});

export type TabletOptions = {
  readonly baseUrl: string;
  readonly deviceId: string;
  readonly token: string;
  /** A signed-in user's token on this tablet: pulling needs a person. */
  readonly userToken: string;
  /** performance.now() values: requests started before `measureFrom` are warm-up and not counted. */
  readonly measureFrom: number;
  readonly until: number;
  readonly batch: number;
  readonly pullLimit: number;
};

async function request(
  stats: LoadStats,
  endpoint: Endpoint,
  measured: boolean,
  url: string,
  init: RequestInit,
): Promise<unknown> {
  const t0 = performance.now();
  let status = 'network error';
  let body: unknown;
  try {
    const res = await fetch(url, init);
    status = String(res.status);
    body = await res.json();
    if (!res.ok) body = undefined;
  } catch {
    body = undefined;
  }
  if (measured) {
    const s = stats[endpoint];
    s.latencies.push(performance.now() - t0);
    if (!status.startsWith('2')) s.errors += 1;
    s.statuses.set(status, (s.statuses.get(status) ?? 0) + 1);
  }
  return body;
}

export async function runTablet(o: TabletOptions, stats: LoadStats): Promise<void> {
  const writer = await eventWriter(o.deviceId, Date.now());
  const headers = { authorization: `Bearer ${o.token}`, 'x-user-token': o.userToken };
  let cursor = { events: 0, sops: 0 };
  while (performance.now() < o.until) {
    const measured = performance.now() >= o.measureFrom;
    const events = writer.take(o.batch);
    const pushed = await request(stats, 'push', measured, `${o.baseUrl}/api/sync/push`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ batchId: randomUUID(), events }),
    });
    if (pushed && measured) stats.push.events += events.length;

    const page = (await request(
      stats,
      'pull',
      measured,
      `${o.baseUrl}/api/sync/pull?after=${cursor.events}&sopsAfter=${cursor.sops}&limit=${o.pullLimit}`,
      {
        method: 'GET',
        headers,
      },
    )) as PullResponse | undefined;
    if (page) {
      cursor = page.cursor;
      if (measured) stats.pull.events += page.events.length;
    }
  }
}
