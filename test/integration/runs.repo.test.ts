import { describe, expect, it } from 'vitest';
import { importDek } from '../../src/db/crypto/keys';
import { createVault } from '../../src/db/crypto/vault';
import { ScanCardDb } from '../../src/db/db';
import { getRun } from '../../src/db/runs.queries';
import { createRun, rebuildRun, runCommand } from '../../src/db/runs.repo';
import { CommandRejectedError } from '../../src/db/storage-errors';
import { DEFAULT_TIMER_RULES } from '../../src/domain/timers/timers';
import { BUILT_IN_SOPS } from '../../src/sops/library';
import { pendingCount } from '../../src/db/sync-meta.repo';

const lookup = (id: string, v: number) => BUILT_IN_SOPS.find((s) => s.id === id && s.version === v);
const header = {
  kind: 'exam' as const,
  sop: { id: 'chest-ct', version: 1 },
  priority: 'routine' as const,
  scanner: 'CT 1',
  timerRules: DEFAULT_TIMER_RULES,
  patient: { patientId: 'P-1', sex: 'female' as const, language: 'en', ageYears: 40 },
};

describe('runs repository on IndexedDB', () => {
  it('appends events and keeps the snapshot equal to a replay of the log', async () => {
    const db = new ScanCardDb(`t-${crypto.randomUUID()}`);
    const vault = createVault(importDek(crypto.getRandomValues(new Uint8Array(32))));
    let now = 1_000_000;
    const id = await createRun(db, vault, lookup, header, { user: 'u', now });
    await runCommand(
      db,
      vault,
      lookup,
      id,
      { type: 'answer', itemId: 'twoIdentifiers', value: true },
      { user: 'u', now: ++now },
    );
    await runCommand(
      db,
      vault,
      lookup,
      id,
      { type: 'answer', itemId: 'requestMatches', value: true },
      { user: 'u', now: ++now },
    );
    const row = await runCommand(db, vault, lookup, id, { type: 'next' }, { user: 'u', now: ++now });
    expect(row.state.value).toBe('screening');
    await expect(runCommand(db, vault, lookup, id, { type: 'next' }, { user: 'u', now: ++now })).rejects.toBeInstanceOf(
      CommandRejectedError,
    );
    expect(await db.events.count()).toBe(4);
    expect(await pendingCount(db)).toBe(4);
    expect(await getRun(db, vault, id)).toEqual(row); // the stored snapshot opens to what the command returned
    const rebuilt = await rebuildRun(db, vault, lookup, id);
    expect(rebuilt.state).toEqual(row.state);
    expect(rebuilt.eventCount).toBe(4);
  });
});
