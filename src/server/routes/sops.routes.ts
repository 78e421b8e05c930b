// The card versions the department server holds and which one new runs use. Publishing is not here:
// a new version needs a draft and a second person's approval (sop-drafts.routes.ts); the one-person
// publish and make-current routes were removed because they bypassed that rule.
import type { FastifyInstance } from 'fastify';
import type { SopDefinition } from '../../domain/sop/sop.schema';
import type { BuiltIns } from '../built-ins';
import { currentSopVersions } from '../current-sops';
import { noQuery, parseOr400 } from '../http-errors';
import { sopKey } from '../store/store';
import { requireUser, type AuthContext } from '../user-auth';

export type SopRouteOptions = AuthContext & { readonly builtIns: BuiltIns };

export function sopRoutes(app: FastifyInstance, opts: SopRouteOptions) {
  const { store, builtIns } = opts;
  // Every card version the server holds, who published it (if anyone), and which one new runs use.
  app.get('/api/sops', async (req) => {
    await requireUser(opts, req, 'runs.record');
    parseOr400(noQuery, req.query, 'query');
    const publications = await store.sopPublications();
    const current = await currentSopVersions(store, builtIns);
    const stored = (await store.sopsAfter(0)).map((r) => JSON.parse(r.body) as SopDefinition);
    const sources = new Map((await store.sopSources()).map((r) => [sopKey(r.id, r.version), r.source]));
    const versions = [...builtIns.values(), ...stored].map((d) => {
      const key = sopKey(d.id, d.version);
      return {
        id: d.id,
        version: d.version,
        source: builtIns.has(key) ? 'built-in' : (sources.get(key) ?? 'unknown'),
        publications: publications
          .filter((p) => p.id === d.id && p.version === d.version)
          .map((p) => ({ by: p.publishedBy, at: p.publishedAt })),
        current: current[d.id] === d.version,
      };
    });
    return { versions, current };
  });
}
