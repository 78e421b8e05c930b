// Data written before sealing existed (database v1 kept runs and events in clear) stays readable,
// and is sealed the first time a key is open.
import { describe, expect, it } from 'vitest';
import { importDek } from '../../src/db/crypto/keys';
import { createVault } from '../../src/db/crypto/vault';
import { ScanCardDb, type RunRecord } from '../../src/db/db';
import { sealLegacyRecords } from '../../src/db/run-codec';
import { createRun, runCommand } from '../../src/db/runs.repo';
import { activeRuns, activeRunSummaries, getRun } from '../../src/db/runs.queries';
import { openRun } from '../../src/db/run-codec';
import { DEFAULT_TIMER_RULES } from '../../src/domain/timers/timers';
import { BUILT_IN_SOPS } from '../../src/sops/library';

const lookup = (id: string, v: number) => BUILT_IN_SOPS.find((s) => s.id === id && s.version === v);
const vault = () => createVault(importDek(crypto.getRandomValues(new Uint8Array(32))));

describe('records from before sealing', () => {
  it('are read as they are, then sealed once a key is open', async () => {
    const db = new ScanCardDb(`legacy-${crypto.randomUUID()}`);
    const key = vault();
    const id = await createRun(
      db,
      key,
      lookup,
      {
        kind: 'exam',
        sop: { id: 'chest-ct', version: 1 },
        priority: 'emergency',
        scanner: 'CT 1',
        timerRules: DEFAULT_TIMER_RULES,
        patient: { patientId: 'OLD-PID-1', sex: 'female', language: 'en', ageYears: 70 },
      },
      { user: 'u', now: 1000 },
    );
    // Rewrite the run and its event the way version 1 stored them: in clear.
    const plain = await openRun(key, (await db.runs.get(id))!);
    await db.runs.put(plain as unknown as RunRecord);
    const event = (await db.events.toArray())[0]!;
    const { sealed: _drop, ...meta } = event;
    void _drop;
    await db.events.put({ ...meta, payload: plain.header });

    expect((await activeRuns(db, key))[0]?.header.patient?.patientId).toBe('OLD-PID-1');
    expect((await activeRunSummaries(db))[0]?.summary.timers.map((t) => t.id)).toEqual(['emergencyResponse']);
    expect(JSON.stringify(await db.runs.toArray())).toContain('OLD-PID-1');

    expect(await sealLegacyRecords(db, key)).toBe(2);
    const raw = JSON.stringify([await db.runs.toArray(), await db.events.toArray()]);
    expect(raw).not.toContain('OLD-PID-1');
    expect((await getRun(db, key, id))?.header.patient?.patientId).toBe('OLD-PID-1');
    await runCommand(
      db,
      key,
      lookup,
      id,
      { type: 'answer', itemId: 'twoIdentifiers', value: true },
      { user: 'u', now: 2000 },
    );
    expect(await sealLegacyRecords(db, key)).toBe(0);
  });
});
