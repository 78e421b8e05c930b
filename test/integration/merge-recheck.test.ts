// The merge reads a run, rebuilds and seals it outside any transaction (Web Crypto may not run inside
// one), then writes. A technologist's tap committed in between must not be lost: the merge sees the
// run changed, and redoes itself on the new log.
import { describe, expect, it } from 'vitest';
import { importDek } from '../../src/db/crypto/keys';
import { createVault, type Vault } from '../../src/db/crypto/vault';
import { ScanCardDb, type StoredEvent } from '../../src/db/db';
import { getRun } from '../../src/db/runs.queries';
import { createRun, rebuildRun, runCommand } from '../../src/db/runs.repo';
import { mergePulled } from '../../src/db/sync.repo';
import { encodeHlc } from '../../src/domain/clock/hlc';
import { DEFAULT_SCANNERS } from '../../src/domain/scanners/scanner';
import { DEFAULT_TIMER_RULES } from '../../src/domain/timers/timers';
import { BUILT_IN_SOPS } from '../../src/sops/library';

const T0 = Date.UTC(2026, 10, 23, 9);
const lookup = (id: string, v: number) => BUILT_IN_SOPS.find((s) => s.id === id && s.version === v);

describe('merging pulled events', () => {
  it('redoes the merge when a local command was committed between its read and its write', async () => {
    const db = new ScanCardDb(`merge-${crypto.randomUUID()}`);
    const vault = createVault(importDek(crypto.getRandomValues(new Uint8Array(32))));
    const runId = await createRun(
      db,
      vault,
      lookup,
      {
        kind: 'exam',
        sop: { id: 'chest-ct', version: 1 },
        priority: 'routine',
        scanner: 'CT 1',
        timerRules: DEFAULT_TIMER_RULES,
        patient: { patientId: 'P-1', sex: 'female', language: 'en', ageYears: 40 },
      },
      { user: 'u', now: T0 },
    );
    const pulled: StoredEvent = {
      id: crypto.randomUUID(),
      streamId: runId,
      at: T0 + 2000,
      hlc: encodeHlc({ wall: T0 + 2000, counter: 0 }),
      user: 'other',
      device: crypto.randomUUID(),
      deviceSeq: 1,
      type: 'run.command',
      payload: { type: 'answer', itemId: 'requestMatches', value: true },
    };
    // The local tap lands while the merge is sealing what it rebuilt, i.e. after its read, before its write.
    let tapped = false;
    const racing: Vault = {
      open: (s, id) => vault.open(s, id),
      async seal(value, id) {
        if (!tapped) {
          tapped = true;
          await runCommand(
            db,
            vault,
            lookup,
            runId,
            { type: 'answer', itemId: 'twoIdentifiers', value: true },
            { user: 'u', now: T0 + 1000 },
          );
        }
        return vault.seal(value, id);
      },
    };
    const merged = await mergePulled(db, racing, [pulled], {
      sops: lookup,
      scanners: DEFAULT_SCANNERS,
      timerRules: DEFAULT_TIMER_RULES,
      now: T0 + 3000,
    });
    expect(tapped).toBe(true);
    expect(merged).toMatchObject({ added: 1, runsRebuilt: 1 });
    const row = (await getRun(db, vault, runId))!;
    expect(row.state.context.answers).toEqual({ twoIdentifiers: true, requestMatches: true });
    expect(row.eventCount).toBe(3);
    expect(await rebuildRun(db, vault, lookup, runId)).toEqual(row);
    await db.delete();
  });
});
