// Exam and QC runs: every change is one event appended to the log plus the run's snapshot
// rewritten, in a single transaction. The snapshot is a cache: rebuildRun replays the log.
import { applyEvent, machineFor, persistRunState, replay, restoreRun, runStatusOf } from '../domain/run/run.engine';
import { compareEvents, toMachineEvent, type RunEvent } from '../domain/run/run.event';
import type { NewRunHeader, RunHeader } from '../domain/run/run.header';
import type { RunCommand } from '../domain/run/run.types';
import type { KnownFacts } from '../domain/sop/known-facts';
import type { SopDefinition } from '../domain/sop/sop.schema';
import type { Vault } from './crypto/vault';
import type { RunRow, ScanCardDb } from './db';
import { eventGate } from './events.repo';
import { openEvents, openRun, sealRun, storedPayload } from './run-codec';
import { stampEvent } from './device.repo';
import { CommandRejectedError, guardStorage } from './storage-errors';

export type SopLookup = (id: string, version: number) => SopDefinition | undefined;
export type Actor = { readonly user: string; readonly now: number };

export class SopMissingError extends Error {
  override name = 'SopMissingError';
}

function sopOrThrow(sops: SopLookup, header: RunHeader): SopDefinition {
  const sop = sops(header.sop.id, header.sop.version);
  if (!sop) throw new SopMissingError(`SOP ${header.sop.id} version ${header.sop.version} is not on this tablet`);
  return sop;
}

const runInput = (header: RunHeader) => ({
  kind: header.kind,
  priority: header.priority,
  arrivedAt: header.arrivedAt,
  hasPatientId: Boolean(header.patient?.patientId.trim()),
  timerRules: header.timerRules,
});

/**
 * Creates a run. `facts` (what the new-exam form already said: age on the day, sex, who started it)
 * are recorded as the run's first command, in the same transaction, so the answers the card takes
 * from them are in the log and a replay anywhere reproduces them.
 */
export async function createRun(
  db: ScanCardDb,
  vault: Vault,
  sops: SopLookup,
  header: NewRunHeader,
  actor: Actor,
  facts?: KnownFacts,
): Promise<string> {
  const runId = crypto.randomUUID();
  const eventId = crypto.randomUUID();
  const full: RunHeader = { ...header, runId, arrivedAt: actor.now };
  const known: RunCommand | undefined = facts && { type: 'known', facts };
  const knownId = crypto.randomUUID();
  const { snapshot } = replay(
    machineFor(sopOrThrow(sops, full)),
    runInput(full),
    known ? [{ ...known, at: actor.now }] : [],
  );
  const state = persistRunState(snapshot);
  const row: RunRow = {
    id: runId,
    header: full,
    state,
    status: runStatusOf(state),
    arrivedAt: full.arrivedAt,
    updatedAt: actor.now,
    eventCount: known ? 2 : 1,
  };
  const [stored, storedKnown, record, gate] = await Promise.all([
    storedPayload(vault, 'run.created', full, eventId),
    known && storedPayload(vault, 'run.command', known, knownId),
    sealRun(vault, row),
    eventGate(),
  ]);
  return guardStorage(() =>
    db.transaction('rw', [db.events, db.runs, db.meta], async () => {
      const meta = await stampEvent(db, runId, actor.now, actor.user, eventId);
      gate.check({ ...meta, type: 'run.created', payload: full });
      await db.events.add({ ...meta, type: 'run.created', ...stored });
      if (known && storedKnown) {
        const knownMeta = await stampEvent(db, runId, actor.now, actor.user, knownId);
        gate.check({ ...knownMeta, type: 'run.command', payload: known });
        await db.events.add({ ...knownMeta, type: 'run.command', ...storedKnown });
      }
      await db.runs.add(record);
      return runId;
    }),
  );
}

/**
 * Applies a technologist's command. Refused moves throw and store nothing. Sealing happens before
 * the write transaction; if the run changed meanwhile (a sync merge), the command is re-applied.
 * `base`: the row this session last committed, so the write needs no read before it (one transaction).
 */
export async function runCommand(
  db: ScanCardDb,
  vault: Vault,
  sops: SopLookup,
  runId: string,
  command: RunCommand,
  actor: Actor,
  base?: RunRow,
): Promise<RunRow> {
  for (let attempt = 0; ; attempt++) {
    const found = attempt === 0 && base ? undefined : await db.runs.get(runId);
    const row = found ? await openRun(vault, found) : attempt === 0 ? base : undefined;
    if (!row) throw new Error('This run does not exist on this tablet');
    const machine = machineFor(sopOrThrow(sops, row.header));
    const result = applyEvent(machine, restoreRun(machine, row.state), { ...command, at: actor.now });
    if (!result.accepted)
      throw new CommandRejectedError(`"${command.type}" is not allowed at step "${row.state.value}"`);
    const state = persistRunState(result.snapshot);
    const next: RunRow = {
      ...row,
      state,
      status: runStatusOf(state),
      updatedAt: actor.now,
      eventCount: row.eventCount + 1,
    };
    const eventId = crypto.randomUUID();
    const [stored, record, gate] = await Promise.all([
      storedPayload(vault, 'run.command', command, eventId),
      sealRun(vault, next),
      eventGate(),
    ]);
    const written = await guardStorage(() =>
      db.transaction('rw', [db.events, db.runs, db.meta], async () => {
        if ((await db.runs.get(runId))?.eventCount !== row.eventCount) return false; // changed under us
        const meta = await stampEvent(db, runId, actor.now, actor.user, eventId);
        gate.check({ ...meta, type: 'run.command', payload: command });
        await db.events.add({ ...meta, type: 'run.command', ...stored });
        await db.runs.put(record);
        return true;
      }),
    );
    if (written) return next;
    if (attempt >= 4) throw new Error('The run kept changing while saving; try again');
  }
}

/** Rebuilds a run's snapshot from its event log (after a merge, or to prove the cache honest). */
export async function rebuildRun(db: ScanCardDb, vault: Vault, sops: SopLookup, runId: string): Promise<RunRow> {
  for (let attempt = 0; ; attempt++) {
    const before = await db.runs.get(runId);
    const row = runRowFromLog(runId, await streamEvents(db, vault, runId), sops);
    const record = await sealRun(vault, row);
    const written = await db.transaction('rw', db.runs, async () => {
      if ((await db.runs.get(runId))?.eventCount !== before?.eventCount) return false; // a write came first
      await db.runs.put(record);
      return true;
    });
    if (written) return row;
    if (attempt >= 4) throw new Error('The run kept changing while rebuilding; try again');
  }
}

export async function streamEvents(db: ScanCardDb, vault: Vault, streamId: string): Promise<RunEvent[]> {
  const records = await db.events.where('[streamId+hlc]').between([streamId, ''], [streamId, '\uffff']).toArray();
  return (await openEvents(vault, records, db)) as RunEvent[];
}

/** The snapshot row of a run from its whole log, replayed in clock order. Moves that no longer fit are listed. */
export function runRowFromLog(runId: string, log: readonly RunEvent[], sops: SopLookup): RunRow {
  const events = [...log].sort(compareEvents);
  const created = events.find((e) => e.type === 'run.created');
  if (!created || created.type !== 'run.created') throw new Error('Run log has no creation event');
  const header = created.payload;
  const commands = events.filter((e): e is Extract<RunEvent, { type: 'run.command' }> => e.type === 'run.command');
  const { snapshot, rejected } = replay(
    machineFor(sopOrThrow(sops, header)),
    runInput(header),
    commands.map(toMachineEvent),
  );
  const state = persistRunState(snapshot);
  return {
    id: runId,
    header,
    state,
    status: runStatusOf(state),
    arrivedAt: header.arrivedAt,
    updatedAt: Math.max(...events.map((e) => e.at)),
    eventCount: events.length,
    ...(rejected.length ? { rejectedEventIds: rejected.map((i) => commands[i]!.id) } : {}),
  };
}
