// Publishing card versions for new runs: only a user allowed to edit cards (sops.edit) publishes, and
// the server records who and when. What a new run may use is the last published version of each card
// (built-in cards count as published by the release until someone publishes another); cards tablets
// push with their runs are kept for replay only. Tablets learn the current versions with every pull.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SopDefinition } from '../../domain/sop/sop.schema';
import { canonicalJson } from '../canonical-json';
import { HttpError, noQuery, parseOr400 } from '../http-errors';
import { checkedSop } from '../sop-rules';
import { sopKey, type SyncStore } from '../store/store';
import { audit, requireUser, type AuthContext } from '../user-auth';

export type SopRouteOptions = AuthContext & { builtIns: ReadonlyMap<string, SopDefinition> };

const publishBody = z.strictObject({ definition: z.unknown() });

/** The version a new run of each card uses: its last publication, else the newest built-in version. */
export async function currentVersions(
  store: SyncStore,
  builtIns: ReadonlyMap<string, SopDefinition>,
): Promise<Record<string, number>> {
  const current: Record<string, number> = {};
  for (const s of builtIns.values()) current[s.id] = Math.max(current[s.id] ?? 0, s.version);
  for (const p of await store.currentSops()) current[p.id] = p.version;
  return current;
}

export function sopRoutes(app: FastifyInstance, opts: SopRouteOptions) {
  const { store, builtIns } = opts;

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
    await audit(opts, 'sop.edit', { userId: s.user.id, deviceId: s.device.id, subject: key, detail: 'published' });
    return { id: sop.id, version: sop.version, publishedBy: s.user.id, publishedAt: now };
  });

  // Every card version the server holds, who published it (if anyone), and which one new runs use.
  app.get('/api/sops', async (req) => {
    await requireUser(opts, req, 'runs.record');
    parseOr400(noQuery, req.query, 'query');
    const publications = await store.sopPublications();
    const current = await currentVersions(store, builtIns);
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
