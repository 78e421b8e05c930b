// Bookings in and out: the EMR posts FHIR R4 (a Bundle, or ServiceRequest + Patient resources) to
// /api/fhir with its own token; tablets read the open bookings (a signed-in user, like all patient
// data, audited like a pull). A malformed post is answered with an OperationOutcome naming the
// problem's path, and nothing is stored.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { timingSafeEqual } from 'node:crypto';
import { bearer } from '../auth';
import { sha256 } from '../canonical-json';
import { importFhirBookings } from '../integration/fhir/incoming';
import { operationOutcome } from '../integration/fhir/validator';
import { storeBookings } from '../integration/intake.service';
import { parseOr400, noQuery } from '../http-errors';
import { audit, requireUser, type AuthContext } from '../user-auth';
import { hashInboundToken } from './integration.routes';

export type WorklistRouteOptions = AuthContext & { readonly adminToken: string | undefined };

const FHIR_JSON = 'application/fhir+json';
export const FHIR_INBOUND_ENDPOINT = 'fhir:inbound';

/** Run ids (never patient data) a tablet asks about, comma-separated. */
const handoffQuery = z.strictObject({
  runs: z
    .string()
    .max(100 * 37)
    .regex(/^[0-9a-f-]{36}(,[0-9a-f-]{36})*$/i, 'a comma-separated list of run ids'),
});

const same = (a: string, b: string) => timingSafeEqual(Buffer.from(sha256(a)), Buffer.from(sha256(b)));

export function worklistRoutes(app: FastifyInstance, opts: WorklistRouteOptions) {
  const { store, now } = opts;
  app.addContentTypeParser(FHIR_JSON, { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      const e = Object.assign(new Error('the body is not JSON'), { statusCode: 400 });
      done(e, undefined);
    }
  });

  app.post('/api/fhir', async (req, reply) => {
    const token = bearer(req) ?? '';
    const inbound = (await store.integrationSettings()).inboundTokenHash;
    const allowed =
      (inbound !== undefined && token !== '' && same(hashInboundToken(token), inbound)) ||
      (opts.adminToken !== undefined && token !== '' && same(token, opts.adminToken));
    const fhir = (code: number, body: unknown) => reply.code(code).type(FHIR_JSON).send(body);
    if (!allowed) return reply.code(401).send({ error: 'this needs the EMR token set in the integration settings' });
    const intake = importFhirBookings(req.body);
    if (!intake.ok) {
      await store.noteExchange(FHIR_INBOUND_ENDPOINT, now(), 'a posted booking was not valid FHIR R4');
      return fhir(400, intake.outcome);
    }
    const summary = await storeBookings(store, intake.result, { now: now() });
    await store.noteExchange(FHIR_INBOUND_ENDPOINT, now());
    return fhir(
      200,
      operationOutcome([
        {
          severity: 'information',
          code: 'informational',
          details: {
            text: `${summary.added} bookings added, ${summary.updated} updated, ${summary.unmapped} without a card, ${summary.skipped.length} skipped`,
          },
        },
        ...summary.skipped.flatMap((s) =>
          s.problems.map((p) => ({
            severity: 'warning' as const,
            code: 'business-rule' as const,
            details: { text: p.problem },
            expression: [p.field],
          })),
        ),
      ]),
    );
  });

  app.get('/api/worklist/scheduled', async (req) => {
    const s = await requireUser(opts, req, 'runs.record');
    parseOr400(noQuery, req.query, 'worklist query');
    const open = await store.openBookings(500);
    const bookings = open.map((b) => {
      const p = b.procedure;
      return {
        accessionNumber: b.accessionNumber,
        cardId: b.cardId,
        unmappedReason: b.unmappedReason,
        scanner: b.scanner,
        patient: p.patient,
        requestedProcedure: p.requestedProcedure ?? null,
        procedureDescription: p.procedureDescription ?? null,
        scheduledStart: p.scheduledStart ?? null,
        modality: p.modality ?? null,
        priority: p.priority ?? 'routine',
      };
    });
    await audit(opts, 'data.read', {
      userId: s.user.id,
      deviceId: s.device.id,
      subject: 'worklist.scheduled',
      detail: `${bookings.length} bookings`,
    });
    return { bookings };
  });

  // The EMR's acknowledgement of a booked run's exam record: what stops its 15-minute hand-off clock
  // on the tablet, and the failure staff must see while the record has not gone out.
  app.get('/api/worklist/handoffs', async (req) => {
    await requireUser(opts, req, 'runs.record');
    const { runs } = parseOr400(handoffQuery, req.query, 'hand-off query');
    const entries = await store.outbox.ofRuns([...new Set(runs.toLowerCase().split(','))]);
    return {
      handoffs: entries.map((e) => ({
        runId: e.runId,
        state: e.state,
        attempts: e.attempts,
        acknowledgedAt: e.acknowledgedAt ?? null,
        lastError: e.lastError ?? null,
        failing: e.alert,
      })),
    };
  });
}
