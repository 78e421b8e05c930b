// The card editor's workflow on the server. One draft per card; publishing needs two people: the
// draft's authors (everyone who saved it) and an approver who is an admin or QA lead and none of
// them. Approving makes the draft the card's next immutable version with the change note; a
// rollback is a draft holding an old version's content (approved like any other); a card with runs
// is retired, never deleted. Every action is role-checked and audited.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { can } from '../../domain/auth/roles';
import { IDENT_PATTERN } from '../../domain/events/text-rules';
import { diffSops } from '../../domain/sop/sop.diff';
import { routeBlockers } from '../../domain/sop/sop.routes';
import type { SopDefinition } from '../../domain/sop/sop.schema';
import { validateSop } from '../../domain/sop/sop.validate';
import type { BuiltIns } from '../built-ins';
import { canonicalJson } from '../canonical-json';
import { HttpError, noBody, parseOr400 } from '../http-errors';
import { checkedSop, isBuiltInSopText } from '../sop-rules';
import type { SopDraft } from '../store/sop-drafts.queries';
import { sopKey } from '../store/store';
import { audit, requireUser, type AuthContext } from '../user-auth';
import { cardVersions, nextVersion } from './sop-versions';

export type SopDraftRouteOptions = AuthContext & { readonly builtIns: BuiltIns };

const cardParams = z.strictObject({ id: z.string().max(100).regex(IDENT_PATTERN, 'must be a card id') });
const note = z.string().max(400);
const draftBody = z.strictObject({ definition: z.record(z.string(), z.unknown()), changeNote: note });
const approveBody = z.strictObject({ updatedAt: z.number().int() });
const rollbackBody = z.strictObject({ version: z.number().int().min(1) });
const retireBody = z.strictObject({
  reason: z
    .string()
    .max(400)
    .refine((r) => r.trim() !== '', 'say why the card is retired'),
});
const diffQuery = z.strictObject({
  from: z.coerce.number().int().min(1),
  to: z.union([z.literal('draft'), z.coerce.number().int().min(1)]),
});

/** What the editor shows beside a draft: the validator's messages and the route problems. */
function draftReport(d: SopDraft) {
  const definition = JSON.parse(d.body) as SopDefinition;
  const v = validateSop(definition, { builtInText: isBuiltInSopText });
  return {
    ...d,
    body: undefined,
    definition,
    errors: v.ok ? [] : v.errors,
    blockers: Array.isArray(definition.steps) ? routeBlockers(definition) : [],
  };
}

export function sopDraftRoutes(app: FastifyInstance, opts: SopDraftRouteOptions) {
  const { store, builtIns } = opts;
  const reader = async (req: Parameters<typeof requireUser>[1]) => {
    const s = await requireUser(opts, req);
    if (!can(s.user.role, 'sops.edit') && !can(s.user.role, 'sops.approve'))
      throw new HttpError(403, 'card drafts are for those who edit or approve cards');
    return s;
  };
  const existingDraft = async (id: string) => {
    const d = await store.sopDraft(id);
    if (!d) throw new HttpError(404, `card "${id}" has no draft`);
    return d;
  };

  app.get('/api/sops/drafts', async (req) => {
    await reader(req);
    return { drafts: (await store.sopDrafts()).map(draftReport) };
  });

  app.get('/api/sops/:id/draft', async (req) => {
    await reader(req);
    const { id } = parseOr400(cardParams, req.params, 'card');
    return draftReport(await existingDraft(id));
  });

  app.put('/api/sops/:id/draft', async (req) => {
    const s = await requireUser(opts, req, 'sops.edit');
    const { id } = parseOr400(cardParams, req.params, 'card');
    const { definition, changeNote } = parseOr400(draftBody, req.body, 'card draft');
    if (definition.id !== id) throw new HttpError(400, `definition.id must be "${id}", the card this draft is for`);
    const versions = await cardVersions(store, builtIns, id);
    const saved = await store.saveSopDraft({
      sopId: id,
      body: canonicalJson(definition),
      changeNote,
      baseVersion: versions.at(-1) ?? null,
      rollbackOf: null,
      userId: s.user.id,
      now: opts.now(),
    });
    await audit(opts, 'sop.edit', {
      userId: s.user.id,
      deviceId: s.device.id,
      subject: `${id}@draft`,
      detail: 'draft saved',
    });
    return draftReport(saved);
  });

  app.delete('/api/sops/:id/draft', async (req) => {
    const s = await requireUser(opts, req, 'sops.edit');
    const { id } = parseOr400(cardParams, req.params, 'card');
    parseOr400(noBody, req.body, 'request');
    if (!(await store.discardSopDraft(id))) throw new HttpError(404, `card "${id}" has no draft`);
    await audit(opts, 'sop.edit', {
      userId: s.user.id,
      deviceId: s.device.id,
      subject: `${id}@draft`,
      detail: 'draft discarded',
    });
    return { discarded: id };
  });

  app.post('/api/sops/:id/draft/approve', async (req) => {
    const s = await requireUser(opts, req, 'sops.approve');
    const { id } = parseOr400(cardParams, req.params, 'card');
    const { updatedAt } = parseOr400(approveBody, req.body, 'approval');
    const d = await existingDraft(id);
    if (d.editors.includes(s.user.id))
      throw new HttpError(
        403,
        'you wrote this draft: a second person (an admin or QA lead who did not edit it) must approve it',
      );
    if (!d.changeNote.trim())
      throw new HttpError(400, 'the draft has no change note: its author must say what changed and why');
    const version = await nextVersion(store, builtIns, id);
    const sop = checkedSop({ ...(JSON.parse(d.body) as object), version }, 'draft');
    const blockers = routeBlockers(sop);
    if (blockers.length) throw new HttpError(400, 'the draft cannot be published: fix its routes first', blockers);
    const now = opts.now();
    const outcome = await store.approveSopDraft({
      sopId: id,
      version,
      body: canonicalJson(sop),
      draftBody: d.body,
      approvedBy: s.user.id,
      changeNote: d.changeNote,
      rollbackOf: d.rollbackOf,
      approvedAt: now,
      expectUpdatedAt: updatedAt,
    });
    if (outcome === 'changed')
      throw new HttpError(409, 'the draft changed since you opened it: review it again before approving');
    await audit(opts, 'sop.edit', {
      userId: s.user.id,
      deviceId: s.device.id,
      subject: sopKey(id, version),
      detail:
        `approved and published for new runs (${d.rollbackOf ? `rollback to version ${d.rollbackOf}; ` : ''}authors ${d.editors.join(', ')}): ${d.changeNote}`.slice(
          0,
          500,
        ),
    });
    return { id, version, authors: d.editors, approvedBy: s.user.id, approvedAt: now, changeNote: d.changeNote };
  });

  app.post('/api/sops/:id/rollback', async (req) => {
    const s = await requireUser(opts, req, 'sops.edit');
    const { id } = parseOr400(cardParams, req.params, 'card');
    const { version } = parseOr400(rollbackBody, req.body, 'rollback');
    const old = await definitionOf(opts, id, version);
    const created = await store.createSopDrafts(
      [
        {
          sopId: id,
          body: canonicalJson(old),
          changeNote: `Rollback to version ${version}`,
          baseVersion: (await cardVersions(store, builtIns, id)).at(-1) ?? null,
          rollbackOf: version,
        },
      ],
      s.user.id,
      opts.now(),
    );
    if (created !== 'created')
      throw new HttpError(409, `card "${id}" already has a draft: publish or discard it first`);
    await audit(opts, 'sop.edit', {
      userId: s.user.id,
      deviceId: s.device.id,
      subject: `${id}@draft`,
      detail: `rollback to version ${version} drafted (needs an approver)`,
    });
    return draftReport((await store.sopDraft(id))!);
  });

  app.post('/api/sops/:id/retire', async (req) => {
    const s = await requireUser(opts, req, 'sops.edit');
    const { id } = parseOr400(cardParams, req.params, 'card');
    const { reason } = parseOr400(retireBody, req.body, 'retirement');
    if (!(await cardVersions(store, builtIns, id)).length) throw new HttpError(404, `the server has no card "${id}"`);
    const runs = await store.runsOnCard(id);
    await store.retireSop({ sopId: id, retiredBy: s.user.id, retiredAt: opts.now(), reason });
    await audit(opts, 'sop.edit', {
      userId: s.user.id,
      deviceId: s.device.id,
      subject: id,
      detail: `retired: no new runs (${runs} run(s) kept): ${reason}`.slice(0, 500),
    });
    return { retired: id, runs };
  });

  app.get('/api/sops/:id/diff', async (req) => {
    await requireUser(opts, req, 'runs.record');
    const { id } = parseOr400(cardParams, req.params, 'card');
    const q = parseOr400(diffQuery, req.query, 'query');
    const from = await definitionOf(opts, id, q.from);
    const to =
      q.to === 'draft'
        ? {
            ...(JSON.parse((await existingDraft(id)).body) as SopDefinition),
            version: await nextVersion(store, builtIns, id),
          }
        : await definitionOf(opts, id, q.to);
    return diffSops(from, to);
  });

  app.get('/api/sops/:id/history', async (req) => {
    await requireUser(opts, req, 'runs.record');
    const { id } = parseOr400(cardParams, req.params, 'card');
    const retired = (await store.sopRetirements()).find((r) => r.sopId === id) ?? null;
    return { id, versions: await cardVersions(store, builtIns, id), approvals: await store.sopApprovals(id), retired };
  });
}

async function definitionOf(opts: SopDraftRouteOptions, id: string, version: number): Promise<SopDefinition> {
  const builtIn = opts.builtIns.get(sopKey(id, version));
  if (builtIn) return builtIn;
  const body = (await opts.store.sopsAfter(0))
    .map((r) => JSON.parse(r.body) as SopDefinition)
    .find((d) => d.id === id && d.version === version);
  if (!body) throw new HttpError(404, `the server has no version ${version} of card "${id}"`);
  return body;
}
