// Acknowledging an alarm is the first write of a session often enough (reload, unlock, the alarm is
// already sounding): it must not depend on an earlier write having loaded the event registry.
import { describe, expect, it } from 'vitest';
import { importDek } from '../../src/db/crypto/keys';
import { createVault } from '../../src/db/crypto/vault';
import { ScanCardDb } from '../../src/db/db';
import { alarmAcks } from '../../src/db/alarms.repo';
import { createRunStore } from '../../src/db/run-store';
import { pendingCount } from '../../src/db/sync-meta.repo';
import { DEFAULT_TIMER_RULES } from '../../src/domain/timers/timers';
import { CURRENT_SOPS } from '../../src/sops/current';

const T0 = Date.UTC(2026, 10, 23, 9);

describe('alarm acknowledgement', () => {
  it('as the session’s first write: audited (who, when, which alarm) and remembered on this tablet', async () => {
    const db = new ScanCardDb(`alarm-${crypto.randomUUID()}`);
    const runs = createRunStore({
      db,
      vault: createVault(importDek(crypto.getRandomValues(new Uint8Array(32)))),
      user: 'user-chen',
      now: () => T0,
      builtInSops: CURRENT_SOPS,
      timerRules: DEFAULT_TIMER_RULES,
    });
    const alarm = { key: 'ct-1:123', subject: 'scanner:ct-1', detail: 'warmupCt · CT 1 · over 0:12' };
    await runs.acknowledgeAlarm(alarm, 'Chen Jing');
    const audit = await db.events.toArray();
    expect(audit.map((e) => [e.type, e.user, e.at, e.payload])).toEqual([
      ['audit.entry', 'user-chen', T0, { action: 'alarm.ack', subject: 'scanner:ct-1', detail: alarm.detail }],
    ]);
    expect(await pendingCount(db)).toBe(1); // waiting to be sent
    expect(await alarmAcks(db)).toEqual({ 'ct-1:123': { by: 'user-chen', name: 'Chen Jing', at: T0 } });
    await db.delete();
  });
});
