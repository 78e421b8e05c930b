// Refuses, before anything else, a tablet whose sync protocol this server does not speak: newer
// than the server ("update the server") or older than it still supports ("update the app"). HTTP
// 426 is a rejection, not a failure, so the tablet keeps its outbox and retries on its slow beat.
import type { FastifyInstance } from 'fastify';
import {
  MIN_SUPPORTED_PROTOCOL,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  UNVERSIONED_PROTOCOL,
  type ProtocolRefusal,
} from '../domain/sync/protocol.version';

export type ProtocolOptions = { readonly version: number; readonly minSupported: number };
export const DEFAULT_PROTOCOL: ProtocolOptions = { version: PROTOCOL_VERSION, minSupported: MIN_SUPPORTED_PROTOCOL };

export function protocolCheck(app: FastifyInstance, { version, minSupported }: ProtocolOptions) {
  app.addHook('onSend', async (_req, reply) => {
    reply.header(PROTOCOL_HEADER, String(version));
  });
  app.addHook('onRequest', async (req, reply) => {
    // Health checks and the app's own files are for any client; only the API speaks the protocol.
    if (!req.url.startsWith('/api/') || req.url.startsWith('/api/health')) return;
    const raw = req.headers[PROTOCOL_HEADER];
    if (raw === undefined) return checkVersion(UNVERSIONED_PROTOCOL);
    if (typeof raw !== 'string' || !/^[1-9]\d{0,5}$/.test(raw))
      return reply.code(400).send({ error: `${PROTOCOL_HEADER} must be a protocol version number` });
    return checkVersion(Number(raw));

    function checkVersion(tablet: number) {
      if (tablet >= minSupported && tablet <= version) return;
      const update = tablet > version ? 'server' : 'app';
      const refusal: ProtocolRefusal = {
        error:
          update === 'server'
            ? `this tablet speaks sync protocol ${tablet}, this server only ${version}: update the server`
            : `this server no longer supports sync protocol ${tablet} (it needs ${minSupported} or newer): update the app`,
        update,
        serverProtocol: version,
        minProtocol: minSupported,
        tabletProtocol: tablet,
      };
      return reply.code(426).send(refusal);
    }
  });
}
