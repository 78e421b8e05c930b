// A real HTTP FHIR receiver on 127.0.0.1 for the delivery tests: it processes transactions the way
// an EMR does (conditional create: `ifNoneExist` finds an existing resource and creates nothing),
// records every request, and can fail the first tries in the ways networks and servers fail.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle, BundleEntry, Identifier, Resource } from '@medplum/fhirtypes';
import { validateFhir } from '../../../src/server/integration/fhir/validator';

export type Failure =
  | '500' // answers 500 without processing
  | 'drop' // drops the connection without processing
  | 'lost-reply' // processes and stores, then drops the connection before replying
  | 'hang' // never answers
  | '422'; // rejects as unprocessable (not worth retrying)

export type Receiver = {
  readonly url: string;
  readonly requests: number;
  /** Stored resources by type. */
  readonly stored: ReadonlyMap<string, readonly Resource[]>;
  stop(): Promise<void>;
};

export async function startReceiver(failures: Failure[]): Promise<Receiver> {
  const stored = new Map<string, Resource[]>();
  let requests = 0;
  let nextId = 1;
  const hanging = new Set<http.ServerResponse>();

  const matches = (type: string, query: string) => {
    const m = /^identifier=([^|]*)\|(.*)$/.exec(query);
    if (!m) return undefined;
    const [system, value] = [decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)];
    return (stored.get(type) ?? []).find((r) =>
      ([] as Identifier[])
        .concat((r as { identifier?: Identifier | Identifier[] }).identifier ?? [])
        .some((i) => i.system === system && i.value === value),
    );
  };

  const process = (bundle: Bundle): BundleEntry[] =>
    (bundle.entry ?? []).map((e) => {
      const type = e.resource!.resourceType;
      const existing = e.request?.ifNoneExist ? matches(type, e.request.ifNoneExist) : undefined;
      if (existing) return { response: { status: '200 OK', location: `${type}/${existing.id}` } };
      const created = { ...e.resource!, id: String(nextId++) };
      stored.set(type, [...(stored.get(type) ?? []), created]);
      return { response: { status: '201 Created', location: `${type}/${created.id}` } };
    });

  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests += 1;
      const failure = failures.shift();
      if (failure === '500') return void res.writeHead(500).end('busy');
      if (failure === 'drop') return void req.socket.destroy();
      if (failure === 'hang') return void hanging.add(res);
      const bundle = JSON.parse(body) as Bundle;
      const v = validateFhir(bundle, 'Bundle');
      if (failure === '422' || !v.ok) {
        const outcome = v.ok
          ? {
              resourceType: 'OperationOutcome',
              issue: [{ severity: 'error', code: 'business-rule', details: { text: 'Unknown patient' } }],
            }
          : v.outcome;
        return void res.writeHead(422, { 'content-type': 'application/fhir+json' }).end(JSON.stringify(outcome));
      }
      const entry = process(bundle);
      if (failure === 'lost-reply') return void req.socket.destroy();
      res.writeHead(200, { 'content-type': 'application/fhir+json' });
      res.end(JSON.stringify({ resourceType: 'Bundle', type: 'transaction-response', entry }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`,
    get requests() {
      return requests;
    },
    stored,
    async stop() {
      for (const res of hanging) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
