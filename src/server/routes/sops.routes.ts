// Card versions for the department, all guarded by `sops.edit` and audited: publishing a new version
// (stored, made current), or making a version the server already holds current (a built-in, or a card
// a tablet pushed with its runs: until then such a card is for replay only). Either way the server
// records who published which version and when (append-only), and new runs use the current version.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { IDENT_PATTERN } from '../../domain/events/text-rules';
import type { SopDefinition } from '../../domain/sop/sop.schema';
import type { BuiltIns } from '../built-ins';
import { canonicalJson } from '../canonical-json';
import { currentSopVersions } from '../current-sops';
import { HttpError, noQuery, parseOr400 } from '../http-errors';
import { checkedSop } from '../sop-rules';
import { sopKey } from '../store/store';
import { audit, requireUser, type AuthContext } from '../user-auth';

export type SopRouteOptions = AuthContext & { readonly builtIns: BuiltIns };

const publishBody = z.strictObject({ definition: z.unknown() });
const cardParams = z.strictObject({ id: z.string().max(100).regex(IDENT_PATTERN, 'must be a card id') });
const currentBody = z.strictObject({ version: z.number().int().min(1) });

export function sopRoutes(app: FastifyInstance, opts: SopRouteOptions) {
  const { store, builtIns } = opts;
  const wasVersion = async (id: string) => {
    const before = (await currentSopVersions(store, builtIns))[id];
    return before === undefined ? '' : ` (was version ${before})`;
  };

  app.post('/api/sops/publish', async (req) => {
    const s = await requireUser(opts, req, 'sops.edit');
    const { definition } = parseOr400(publishBody, req.body, 'publish request');
    const sop = checkedSop(definition, 'definition');
    const key = sopKey(sop.id, sop.version);
    const body = canonicalJson(sop);
    const builtIn = builtIns.get(key);
    const conflict = () =>
      new HttpError(409, `${key} already exists with different content: publish the edited card under a new version`);
    if (builtIn && canonicalJson(builtIn) !== body) throw conflict();
    const was = await wasVersion(sop.id);
    const now = opts.now();
    const outcome = await store.publishSop({
      id: sop.id,
      version: sop.version,
      body,
      builtIn: builtIn !== undefined,
      userId: s.user.id,
      now,
    });
    if (outcome === 'conflict') throw conflict();
    await audit(opts, 'sop.edit', {
      userId: s.user.id,
      deviceId: s.device.id,
      subject: key,
      detail: `published and made current for new runs${was}`,
    });
    return { id: sop.id, version: sop.version, publishedBy: s.user.id, publishedAt: now };
  });

  app.put('/api/sops/:id/current', async (req) => {
    const s = await requireUser(opts, req, 'sops.edit');
    const { id } = parseOr400(cardParams, req.params, 'card');
    const { version } = parseOr400(currentBody, req.body, 'current card version');
    if (!builtIns.has(sopKey(id, version)) && !(await store.storedSopVersions(id)).includes(version))
      throw new HttpError(404, `the server has no version ${version} of card "${id}": publish or sync it first`);
    const was = await wasVersion(id);
    await store.setCurrentSop({ id, version, userId: s.user.id, now: opts.now() });
    await audit(opts, 'sop.edit', {
      userId: s.user.id,
      deviceId: s.device.id,
      subject: sopKey(id, version),
      detail: `made current for new runs${was}`,
    });
    return { current: await currentSopVersions(store, builtIns) };
  });

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
