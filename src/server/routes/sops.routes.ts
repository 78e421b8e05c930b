// Card versions for the department: which version new runs use. Guarded by `sops.edit` and audited;
// the version must be one the server holds (built-in or stored), so a tablet can always fetch it.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { IDENT_PATTERN } from '../../domain/events/text-rules';
import type { BuiltIns } from '../built-ins';
import { currentSopVersions } from '../current-sops';
import { HttpError, parseOr400 } from '../http-errors';
import { sopKey } from '../store/store';
import { audit, requireUser, type AuthContext } from '../user-auth';

export type SopRouteOptions = AuthContext & { readonly builtIns: BuiltIns };

const cardParams = z.strictObject({ id: z.string().max(100).regex(IDENT_PATTERN, 'must be a card id') });
const currentBody = z.strictObject({ version: z.number().int().min(1) });

export function sopRoutes(app: FastifyInstance, opts: SopRouteOptions) {
  const { store, builtIns } = opts;

  app.put('/api/sops/:id/current', async (req) => {
    const s = await requireUser(opts, req, 'sops.edit');
    const { id } = parseOr400(cardParams, req.params, 'card');
    const { version } = parseOr400(currentBody, req.body, 'current card version');
    if (!builtIns.has(sopKey(id, version)) && !(await store.storedSopVersions(id)).includes(version))
      throw new HttpError(404, `the server has no version ${version} of card "${id}": publish or sync it first`);
    const before = (await currentSopVersions(store, builtIns))[id];
    await store.setCurrentSop({ id, version, userId: s.user.id, now: opts.now() });
    await audit(opts, 'sop.edit', {
      userId: s.user.id,
      deviceId: s.device.id,
      subject: sopKey(id, version),
      detail: `made current for new runs${before === undefined ? '' : ` (was version ${before})`}`,
    });
    return { current: await currentSopVersions(store, builtIns) };
  });
}
