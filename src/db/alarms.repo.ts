// Acknowledged alarms. An acknowledgement is an audit entry (who, when, which timer of which run or
// scanner: synced like every audit entry) plus a small row in meta so this tablet stops repeating
// the sound and shows "acknowledged by …" after a reload. Entries older than a day are pruned.
import type { ScanCardDb } from './db';
import { appendAudit } from './audit.repo';
import { eventGate } from './events.repo';
import { guardStorage } from './storage-errors';

export type AlarmAck = { readonly by: string; readonly name: string; readonly at: number };
export type AlarmAcks = Readonly<Record<string, AlarmAck>>;

const KEY = 'alarmAcks';
const KEEP_MS = 24 * 60 * 60_000;

export async function alarmAcks(db: ScanCardDb): Promise<AlarmAcks> {
  const row = await db.meta.get(KEY);
  return ((row && 'value' in row ? row.value : undefined) as AlarmAcks | undefined) ?? {};
}

/** `key` identifies the alarm on this tablet; `subject` (run id or scanner) and `detail` go to the audit trail. */
export type AlarmToAcknowledge = { readonly key: string; readonly subject: string; readonly detail: string };

export async function acknowledgeAlarm(
  db: ScanCardDb,
  actor: { user: string; name: string; now: number },
  alarm: AlarmToAcknowledge,
): Promise<void> {
  const gate = await eventGate(); // before the transaction: a first import inside it would end it
  await guardStorage(() =>
    db.transaction('rw', [db.events, db.meta], async () => {
      await appendAudit(db, gate, actor, 'alarm.ack', alarm.subject, alarm.detail);
      const kept = Object.entries(await alarmAcks(db)).filter(([, a]) => actor.now - a.at < KEEP_MS);
      const ack: AlarmAck = { by: actor.user, name: actor.name, at: actor.now };
      await db.meta.put({ key: KEY, value: Object.fromEntries([...kept, [alarm.key, ack]]) });
    }),
  );
}
