// Training records on the server (written as events through sync): the trainer figures (attempts and
// scores per trainee and card, common mistakes per step, sign-offs and what lapses soon) and one
// person's or one card's record. For trainers, QA leads and administrators; technologists get 403.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { toLocal } from '../../domain/quality/zoned-time';
import { signOffStandings, trainingFigures } from '../../domain/training/figures';
import type { BuiltIns } from '../built-ins';
import { parseOr400 } from '../http-errors';
import { requireUser, type AuthContext } from '../user-auth';
import { trainingInputs } from './training.model';

export type TrainingRouteOptions = AuthContext & { readonly builtIns: BuiltIns; readonly timeZone?: string };

const figuresQuery = z.strictObject({ dueWithinDays: z.coerce.number().int().min(0).max(3650).optional() });
const recordQuery = z
  .strictObject({
    trainee: z.string().min(1).max(80).optional(),
    sop: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,59}$/, 'must be a card id')
      .optional(),
  })
  .refine((q) => q.trainee !== undefined || q.sop !== undefined, { message: 'name a trainee or a card (sop)' });

export function trainingRoutes(app: FastifyInstance, opts: TrainingRouteOptions) {
  const tz = opts.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const today = () => {
    const l = toLocal(opts.now(), tz);
    return `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
  };

  app.get('/api/training/figures', async (req) => {
    await requireUser(opts, req, 'training.view');
    const q = parseOr400(figuresQuery, req.query, 'training figures query');
    const inputs = await trainingInputs(opts.store, opts.builtIns, today());
    return { today: inputs.today, ...trainingFigures({ ...inputs, dueWithinDays: q.dueWithinDays }) };
  });

  app.get('/api/training/record', async (req) => {
    await requireUser(opts, req, 'training.view');
    const q = parseOr400(recordQuery, req.query, 'training record query');
    const inputs = await trainingInputs(opts.store, opts.builtIns, today());
    const fits = (trainee: string, sopId: string) =>
      (q.trainee === undefined || trainee === q.trainee) && (q.sop === undefined || sopId === q.sop);
    return {
      today: inputs.today,
      standings: signOffStandings(inputs).filter((s) => fits(s.trainee, s.sopId)),
      signOffs: inputs.signOffs.filter((s) => fits(s.trainee, s.sop.id)),
      attempts: inputs.attempts.filter((a) => fits(a.trainee, a.sop.id)),
    };
  });
}
