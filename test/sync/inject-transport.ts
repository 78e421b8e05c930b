// A tablet's transport straight into a Fastify app (inject(): no sockets), with the app looked up
// per request so a test can replace the server underneath (restart, restore). `failPulls` makes
// pulls fail as a dropped connection would (a round that pushed, then lost the network). Each
// tablet's requests carry its own credentials.
import type { FastifyInstance } from 'fastify';
import type { PullResponse, PushResponse } from '../../src/domain/sync/protocol.schema';
import { pullQueryString, RejectedSyncError, TransientSyncError, type SyncTransport } from '../../src/sync/transport';
import type { Creds } from './sim-tablet';

export function injectTransport(
  app: () => FastifyInstance,
  o: { failPulls?: () => boolean } = {},
): (who: Creds) => SyncTransport {
  return (who) => {
    async function send<T>(method: 'GET' | 'POST', url: string, payload?: unknown): Promise<T> {
      const res = await app().inject({
        method,
        url,
        headers: {
          ...(await who.headers()),
          ...(payload !== undefined && { 'content-type': 'application/json' }),
        },
        ...(payload !== undefined && { payload: JSON.stringify(payload) }),
      });
      const body = res.json() as { error?: string; details?: string[]; limitBytes?: number };
      if (res.statusCode >= 500) throw new TransientSyncError(`server error ${res.statusCode}`);
      if (res.statusCode >= 400)
        throw new RejectedSyncError(res.statusCode, body.error ?? '', body.details, body.limitBytes);
      return body as T;
    }
    return {
      push: (request) => send<PushResponse>('POST', '/api/sync/push', request),
      pull: (query) => {
        if (o.failPulls?.()) return Promise.reject(new TransientSyncError('connection lost'));
        return send<PullResponse>('GET', `/api/sync/pull?${pullQueryString(query)}`);
      },
    };
  };
}
