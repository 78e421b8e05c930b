// The durable FHIR outbox (migration 0010): the sender's FhirOutbox interface over the store, so exam
// records waiting for the EMR survive a restart. Built on any Kysely handle: the push transaction
// enqueues with its own, in the same transaction as the projection that saw the run completed.
// The bundle names the patient: it is sealed at rest, bound to its entry's id. So is the EMR's error
// text, which may echo the patient ("Patient Wang Fang does not match the order").
import type { Bundle } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import type { FhirOutbox, OutboxEntry, OutboxState, OutboxStatus } from '../integration/delivery/outbox';
import type { Database } from './schema';
import type { Sealer } from './sealing';

export type OutboxTables = {
  fhirOutbox: {
    id: string;
    runId: string;
    bundle: string;
    createdAt: number;
    state: string;
    attempts: number;
    nextAttemptAt: number;
    lastError: string | null;
    /** Orders errors for "the last one" (the interface's writes carry no time). */
    errorOrder: number | null;
    alert: number | boolean;
    acknowledgedAt: number | null;
  };
};
type Row = OutboxTables['fhirOutbox'];

/** What a sealed outbox bundle is bound to: its entry. */
export const outboxAad = (id: string) => `fhir-outbox:${id}`;
const errorAad = (id: string) => `fhir-outbox-error:${id}`;

const toSummary = (r: Omit<Row, 'errorOrder' | 'bundle'>, lastError: string | null): OutboxSummary => ({
  id: r.id,
  runId: r.runId,
  createdAt: Number(r.createdAt),
  state: r.state as OutboxState,
  attempts: r.attempts,
  nextAttemptAt: Number(r.nextAttemptAt),
  ...(lastError !== null && { lastError }),
  alert: Boolean(r.alert),
  ...(r.acknowledgedAt !== null && { acknowledgedAt: Number(r.acknowledgedAt) }),
});

let errorCount = 0;
/** Wall time (µs) plus a counter: increasing within a process, roughly ordered across restarts. */
const errorOrder = () => Date.now() * 1000 + (errorCount++ % 1000);

export type OutboxSummary = Omit<OutboxEntry, 'bundle'>;

export function storeOutbox(
  base: Kysely<Database>,
  sealer: Sealer,
): FhirOutbox & {
  recent(limit: number): Promise<OutboxSummary[]>;
  ofRuns(runIds: readonly string[]): Promise<OutboxSummary[]>;
} {
  const db = base.withTables<OutboxTables>();
  const openError = (r: { id: string; lastError: string | null }) =>
    r.lastError === null ? null : sealer.openText(r.lastError, errorAad(r.id));
  const summary = async (r: Omit<Row, 'errorOrder' | 'bundle'>) => toSummary(r, await openError(r));
  const open = async (r: Omit<Row, 'errorOrder'>): Promise<OutboxEntry> => ({
    ...(await summary(r)),
    bundle: JSON.parse(await sealer.openText(r.bundle, outboxAad(r.id))) as Bundle,
  });
  const cols = [
    'id',
    'runId',
    'createdAt',
    'state',
    'attempts',
    'nextAttemptAt',
    'lastError',
    'alert',
    'acknowledgedAt',
  ] as const;
  return {
    async enqueue(e) {
      await db
        .insertInto('fhirOutbox')
        .values({
          id: e.id,
          runId: e.runId,
          bundle: sealer.sealText(JSON.stringify(e.bundle), outboxAad(e.id)),
          createdAt: e.at,
          state: 'pending',
          attempts: 0,
          nextAttemptAt: e.at,
          lastError: null,
          errorOrder: null,
          alert: 0,
          acknowledgedAt: null,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },
    async due(now, limit) {
      const rows = await db
        .selectFrom('fhirOutbox')
        .selectAll()
        .where('state', '=', 'pending')
        .where('nextAttemptAt', '<=', now)
        .orderBy('createdAt')
        .orderBy('id')
        .limit(limit)
        .execute();
      return Promise.all(rows.map(open));
    },
    async recordDelivered(id, attempts, acknowledgedAt) {
      await db
        .updateTable('fhirOutbox')
        .set({ state: 'delivered', attempts, acknowledgedAt, alert: 0, lastError: null })
        .where('id', '=', id)
        .execute();
    },
    async recordRetry(id, r) {
      await db
        .updateTable('fhirOutbox')
        .set({
          attempts: r.attempts,
          lastError: sealer.sealText(r.error, errorAad(id)),
          errorOrder: errorOrder(),
          nextAttemptAt: r.nextAttemptAt,
          alert: Number(r.alert),
        })
        .where('id', '=', id)
        .execute();
    },
    async recordRejected(id, r) {
      await db
        .updateTable('fhirOutbox')
        .set({
          state: 'rejected',
          attempts: r.attempts,
          lastError: sealer.sealText(r.error, errorAad(id)),
          errorOrder: errorOrder(),
          alert: 1,
        })
        .where('id', '=', id)
        .execute();
    },
    async get(id) {
      const r = await db.selectFrom('fhirOutbox').selectAll().where('id', '=', id).executeTakeFirst();
      return r && open(r);
    },
    async status(): Promise<OutboxStatus> {
      const counts = await db
        .selectFrom('fhirOutbox')
        .select(['state', 'alert', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['state', 'alert'])
        .execute();
      const n = (f: (c: (typeof counts)[number]) => boolean) => counts.filter(f).reduce((s, c) => s + Number(c.n), 0);
      const last = await db
        .selectFrom('fhirOutbox')
        .select((eb) => eb.fn.max('acknowledgedAt').as('at'))
        .executeTakeFirst();
      const failed = await db
        .selectFrom('fhirOutbox')
        .select(['id', 'lastError'])
        .where('state', '!=', 'delivered')
        .where('lastError', 'is not', null)
        .orderBy('errorOrder', 'desc')
        .limit(1)
        .executeTakeFirst();
      const lastError = failed && (await openError(failed));
      return {
        pending: n((c) => c.state === 'pending'),
        failing: n((c) => c.state === 'pending' && Boolean(c.alert)),
        rejected: n((c) => c.state === 'rejected'),
        ...(last?.at != null && { lastDeliveredAt: Number(last.at) }),
        ...(lastError && { lastError }),
      };
    },
    async recent(limit) {
      const rows = await db.selectFrom('fhirOutbox').select(cols).orderBy('createdAt', 'desc').limit(limit).execute();
      return Promise.all(rows.map(summary));
    },
    async ofRuns(runIds) {
      if (!runIds.length) return [];
      const rows = await db.selectFrom('fhirOutbox').select(cols).where('runId', 'in', runIds).execute();
      return Promise.all(rows.map(summary));
    },
  };
}
