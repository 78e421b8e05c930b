// The server's identity and epoch, the per-device stream counts the divergence check reads, and the
// record of refused events and of gaps in devices' sequence numbers (for admins). Tables of
// migration 0004, typed here.
import { sql, type Generated, type Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { DeviceStream, ServerIdentity } from '../../domain/sync/protocol.schema';
import type { Dialect } from './dialect';
import type { Database } from './schema';
import type { SequenceGap, SyncStore } from './store';

export type IntegrityTables = {
  serverIdentity: { id: string; epoch: string; epochSince: number };
  deviceStreams: { device: string; events: number; lastSeq: number };
  refusals: {
    seq: Generated<number>;
    device: string;
    deviceSeq: number | null;
    eventId: string | null;
    code: string;
    error: string;
    at: number;
  };
};
export type IntegrityDb = Kysely<Database & IntegrityTables>;

/** The identity, made on first use (a fresh database, or one migrated from release 0.1). */
export async function identityOf(db: IntegrityDb, now: number): Promise<ServerIdentity> {
  const read = () => db.selectFrom('serverIdentity').select(['id', 'epoch']).executeTakeFirst();
  const found = await read();
  if (found) return found;
  await db
    .insertInto('serverIdentity')
    .values({ id: randomUUID(), epoch: randomUUID(), epochSince: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return (await read())!;
}

export function integrityQueries(d: Dialect) {
  const db = d.db.withTables<IntegrityTables>();
  return {
    serverIdentity: (now) => identityOf(db, now),
    async newEpoch(now, from) {
      const current = await identityOf(db, now);
      // Only the first to notice a restore starts a new epoch; the others see it.
      await db
        .updateTable('serverIdentity')
        .set({ epoch: randomUUID(), epochSince: now })
        .where('epoch', '=', from ?? current.epoch)
        .execute();
      return identityOf(db, now);
    },
    async eventIdAt(seq) {
      const row = await db.selectFrom('events').select('id').where('seq', '=', seq).executeTakeFirst();
      return row?.id;
    },
    async deviceStreams(): Promise<DeviceStream[]> {
      return db.selectFrom('deviceStreams').select(['device', 'events', 'lastSeq']).orderBy('device').execute();
    },
    async ownEventCount(device, through) {
      const r = await db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('device', '=', device)
        .where('deviceSeq', '<=', through)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async sequenceGaps(): Promise<SequenceGap[]> {
      const gaps = await sql<{ device: string; expected: number; got: number }>`
        select device, device_seq + 1 as expected, next_seq as got from (
          select device, device_seq, lead(device_seq) over (partition by device order by device_seq) as next_seq
          from events
        ) t where next_seq > device_seq + 1
        union all
        select device, 1 as expected, min(device_seq) as got from events group by device having min(device_seq) > 1
        order by device, expected`.execute(db);
      if (!gaps.rows.length) return [];
      const devices = [...new Set(gaps.rows.map((g) => g.device))];
      const labels = new Map(
        (await db.selectFrom('devices').select(['id', 'label']).where('id', 'in', devices).execute()).map((r) => [
          r.id,
          r.label,
        ]),
      );
      const refused = await db
        .selectFrom('refusals')
        .select(['device', 'deviceSeq', 'eventId', 'code', 'error', 'at'])
        .where('device', 'in', devices)
        .orderBy('deviceSeq')
        .orderBy('seq')
        .execute();
      return gaps.rows.map((g) => ({
        device: g.device,
        label: labels.get(g.device) ?? null,
        expected: Number(g.expected),
        got: Number(g.got),
        refused: refused
          .filter(
            (r) => r.device === g.device && r.deviceSeq !== null && r.deviceSeq >= g.expected && r.deviceSeq < g.got,
          )
          .map((r) => ({ deviceSeq: r.deviceSeq!, eventId: r.eventId, code: r.code, error: r.error, at: r.at })),
      }));
    },
  } satisfies Partial<SyncStore>;
}
