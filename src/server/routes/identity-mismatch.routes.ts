// The identity mismatches tablets recorded at booked runs' identity steps (identity.mismatch), for QA
// leads and admins to resolve with the RIS: newest first, opened from the sealed log. Patient data, so
// only to "integration.view", never in the URL, and the read is audited like a pull.
import type { FastifyInstance } from 'fastify';
import type { IdentityMismatch } from '../../domain/events/identity.events';
import { audit, requireUser, type AuthContext } from '../user-auth';

const LIMIT = 500;

export type MismatchRow = IdentityMismatch & { readonly at: number; readonly user: string; readonly device: string };

export function identityMismatchRoutes(app: FastifyInstance, opts: AuthContext) {
  app.get('/api/integration/identity-mismatches', async (req) => {
    const s = await requireUser(opts, req, 'integration.view');
    const events = await opts.store.qualityEvents(['identity.mismatch']);
    const mismatches: MismatchRow[] = events
      .slice(-LIMIT)
      .reverse()
      .map((e) => ({ ...(e.payload as IdentityMismatch), at: e.at, user: e.user, device: e.device }));
    await audit(opts, 'data.read', {
      userId: s.user.id,
      deviceId: s.device.id,
      subject: 'integration.identityMismatches',
      detail: `${mismatches.length} mismatches`,
    });
    return { mismatches };
  });
}
