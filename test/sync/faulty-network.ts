// A network between tablets and the server that drops, delays (delivers later, out of order),
// duplicates and truncates requests and replies, and can restart the server mid-batch. Faults are
// drawn from a fixed list per round, so fast-check can shrink a failing case to a small one.
import type { PullResponse, PushRequest, PushResponse } from '../../src/domain/sync/protocol.schema';
import { pullQueryString, RejectedSyncError, TransientSyncError, type SyncTransport } from '../../src/sync/transport';
import type { SimServer } from './sim-server';

export const FAULTS = [
  'ok',
  'dropRequest',
  'dropReply',
  'duplicate',
  'delay',
  'truncateRequest',
  'truncateReply',
  'restartAfter',
] as const;
export type Fault = (typeof FAULTS)[number];

type Creds = { headers(): Promise<Record<string, string>> };

export function faultyNetwork(server: SimServer, faults: readonly Fault[]) {
  let i = 0;
  const held: (() => Promise<unknown>)[] = [];
  const next = (): Fault => faults[i++ % Math.max(1, faults.length)] ?? 'ok';
  const stats: Record<Fault, number> = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>;
  /** What the server answered (status codes), and why it refused events (refusal codes). */
  const answers = { statuses: {} as Record<number, number>, refused: {} as Record<string, number> };
  const count = (table: Record<string | number, number>, key: string | number) => (table[key] = (table[key] ?? 0) + 1);

  async function send<T>(method: 'GET' | 'POST', url: string, who: Creds, payload?: string): Promise<T> {
    const token = await who.headers();
    const fault = next();
    stats[fault] += 1;
    if (fault === 'dropRequest') throw new TransientSyncError('request lost');
    if (fault === 'delay') {
      held.push(() => server.request(method, url, token, payload)); // arrives later, after newer requests
      throw new TransientSyncError('timed out');
    }
    if (fault === 'truncateRequest' && payload !== undefined) {
      await server.request(method, url, token, payload.slice(0, Math.floor(payload.length / 2)));
      throw new TransientSyncError('connection reset');
    }
    const res = await server.request(method, url, token, payload);
    count(answers.statuses, res.status);
    if (res.status === 200 && url.startsWith('/api/sync/push'))
      for (const r of (JSON.parse(res.body) as PushResponse).refused) count(answers.refused, r.code);
    if (fault === 'duplicate') await server.request(method, url, token, payload);
    if (fault === 'dropReply') throw new TransientSyncError('reply lost');
    if (fault === 'restartAfter') {
      await server.restart();
      throw new TransientSyncError('server restarted');
    }
    const body = fault === 'truncateReply' ? res.body.slice(0, Math.floor(res.body.length / 2)) : res.body;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new TransientSyncError('unreadable reply');
    }
    if (res.status >= 500) throw new TransientSyncError(`server error ${res.status}`);
    if (res.status >= 400) {
      const { error, details, limitBytes } = parsed as { error: string; details?: string[]; limitBytes?: number };
      throw new RejectedSyncError(res.status, error, details, limitBytes);
    }
    return parsed as T;
  }

  /** The network as one tablet sees it: its requests carry its own credentials. */
  const transportFor = (who: Creds): SyncTransport => ({
    push: (request: PushRequest) => send<PushResponse>('POST', '/api/sync/push', who, JSON.stringify(request)),
    pull: (query) => send<PullResponse>('GET', `/api/sync/pull?${pullQueryString(query)}`, who),
  });
  return {
    transportFor,
    stats,
    answers,
    /** Delivers delayed requests now (their replies go nowhere: the client gave up on them). */
    async deliverHeld(count = held.length) {
      for (const h of held.splice(0, count)) await h();
    },
    heal() {
      faults = [];
    },
  };
}
