// The background drain of the durable outbox: each due exam record is checked against the R4
// definitions (a record ScanCard cannot send validly is rejected with the problem's path, for staff to
// see), then sent with the retry policy. The EMR's acknowledgement time is what stops the report
// hand-off timer; the endpoint's last success or error goes to the status screen.
import type { SyncStore } from '../store/store';
import { drainOutbox, type DeliveryRound, type SenderDeps } from './delivery/fhir-sender';
import type { FhirOutbox } from './delivery/outbox';
import { validateFhir } from './fhir/validator';
import { RETRY_POLICY } from './settings';

export const EMR_ENDPOINT = 'fhir:emr';

/** The outbox as the sender sees it, with each entry validated before its first attempt. */
function validatedOutbox(outbox: FhirOutbox): FhirOutbox {
  return {
    ...outbox,
    async due(now, limit) {
      const due = await outbox.due(now, limit);
      const ok = [];
      for (const e of due) {
        const v = e.attempts === 0 ? validateFhir(e.bundle, 'Bundle') : undefined;
        if (v && !v.ok) {
          const where = v.outcome.issue
            .map((i) => `${i.expression?.join() ?? ''}: ${i.details?.text ?? ''}`)
            .join('; ');
          await outbox.recordRejected(e.id, { attempts: 0, error: `not valid FHIR R4 (${where})` });
        } else ok.push(e);
      }
      return ok;
    },
  };
}

export async function deliverDue(
  store: SyncStore,
  deps: { now: () => number; random?: () => number; fetch?: typeof fetch },
): Promise<DeliveryRound | undefined> {
  const emr = (await store.integrationSettings()).emr;
  if (!emr) return undefined;
  const sender: SenderDeps = {
    endpoint: {
      url: emr.url,
      ...(emr.headers && { headers: emr.headers }),
      ...(emr.timeoutMs && { timeoutMs: emr.timeoutMs }),
    },
    policy: RETRY_POLICY,
    now: deps.now,
    random: deps.random ?? Math.random,
    ...(deps.fetch && { fetch: deps.fetch }),
  };
  const round = await drainOutbox(validatedOutbox(store.outbox), sender);
  if (round.delivered.length) await store.noteExchange(EMR_ENDPOINT, deps.now());
  if (round.retrying.length || round.rejected.length) {
    const last = await store.outbox.get([...round.retrying, ...round.rejected].at(-1)!);
    await store.noteExchange(EMR_ENDPOINT, deps.now(), last?.lastError ?? 'delivery failed');
  }
  return round;
}
