// Exam and QC runs: every change is one event appended to the log plus the run's snapshot
// rewritten, in a single transaction. The snapshot is a cache: rebuildRun replays the log.
import { applyEvent, machineFor, persistRunState, replay, restoreRun, runStatusOf } from '../domain/run/run.engine';
import { compareEvents, toMachineEvent, type RunEvent } from '../domain/run/run.event';
import type { NewRunHeader, RunHeader } from '../domain/run/run.header';
import type { RunCommand } from '../domain/run/run.types';
import type { SopDefinition } from '../domain/sop/sop.schema';
import type { RunRow, ScanCardDb } from './db';
import { stampEvent } from './device.repo';
import { CommandRejectedError, guardStorage } from './storage-errors';

export type SopLookup = (id: string, version: number) => SopDefinition | undefined;
export type Actor = { readonly user: string; readonly now: number };

function sopOrThrow(sops: SopLookup, header: RunHeader): SopDefinition {
  const sop = sops(header.sop.id, header.sop.version);
  if (!sop) throw new Error(`SOP ${header.sop.id} version ${header.sop.version} is not on this tablet`);
  return sop;
}

const runInput = (header: RunHeader) => ({
  kind: header.kind,
  priority: header.priority,
  arrivedAt: header.arrivedAt,
  hasPatientId: Boolean(header.patient?.patientId.trim()),
  timerRules: header.timerRules,
});

export async function createRun(
  db: ScanCardDb, sops: SopLookup, header: NewRunHeader, actor: Actor,
): Promise<string> {
  const runId = crypto.randomUUID();
  const full: RunHeader = { ...header, runId, arrivedAt: actor.now };
  const machine = machineFor(sopOrThrow(sops, full));
  const { snapshot } = replay(machine, runInput(full), []);
  return guardStorage(() =>
    db.transaction('rw', [db.events, db.outbox, db.runs, db.meta], async () => {
      const meta = await stampEvent(db, runId, actor.now, actor.user);
      const event: RunEvent = { ...meta, type: 'run.created', payload: full };
      await db.events.add(event);
      await db.outbox.add({ id: event.id });
      const state = persistRunState(snapshot);
      await db.runs.add({ id: runId, header: full, state, status: runStatusOf(state), arrivedAt: full.arrivedAt, updatedAt: actor.now, eventCount: 1 });
      return runId;
    }),
  );
}

/** Applies a technologist's command. Refused moves throw and store nothing. */
export async function runCommand(db: ScanCardDb, sops: SopLookup, runId: string, command: RunCommand, actor: Actor): Promise<RunRow> {
  return guardStorage(() =>
    db.transaction('rw', [db.events, db.outbox, db.runs, db.meta], async () => {
      const row = await db.runs.get(runId);
      if (!row) throw new Error('This run does not exist on this tablet');
      const machine = machineFor(sopOrThrow(sops, row.header));
      const result = applyEvent(machine, restoreRun(machine, row.state), { ...command, at: actor.now });
      if (!result.accepted) throw new CommandRejectedError(`"${command.type}" is not allowed at step "${row.state.value}"`);
      const meta = await stampEvent(db, runId, actor.now, actor.user);
      const event: RunEvent = { ...meta, type: 'run.command', payload: command };
      await db.events.add(event);
      await db.outbox.add({ id: event.id });
      const state = persistRunState(result.snapshot);
      const next: RunRow = { ...row, state, status: runStatusOf(state), updatedAt: actor.now, eventCount: row.eventCount + 1 };
      await db.runs.put(next);
      return next;
    }),
  );
}

/** Rebuilds a run's snapshot from its event log (after a merge, or to prove the cache honest). */
export async function rebuildRun(db: ScanCardDb, sops: SopLookup, runId: string): Promise<RunRow> {
  return db.transaction('rw', [db.events, db.runs], async () => {
    const row = runRowFromLog(runId, await streamEvents(db, runId), sops);
    await db.runs.put(row);
    return row;
  });
}

export async function streamEvents(db: ScanCardDb, streamId: string): Promise<RunEvent[]> {
  return (await db.events.where('[streamId+hlc]').between([streamId, ''], [streamId, '\uffff']).toArray()) as RunEvent[];
}

/** The snapshot row of a run from its whole log, replayed in clock order. Moves that no longer fit are listed. */
export function runRowFromLog(runId: string, log: readonly RunEvent[], sops: SopLookup): RunRow {
  const events = [...log].sort(compareEvents);
  const created = events.find((e) => e.type === 'run.created');
  if (!created || created.type !== 'run.created') throw new Error('Run log has no creation event');
  const header = created.payload;
  const commands = events.filter((e): e is Extract<RunEvent, { type: 'run.command' }> => e.type === 'run.command');
  const { snapshot, rejected } = replay(machineFor(sopOrThrow(sops, header)), runInput(header), commands.map(toMachineEvent));
  const state = persistRunState(snapshot);
  return {
    id: runId, header, state, status: runStatusOf(state), arrivedAt: header.arrivedAt,
    updatedAt: Math.max(...events.map((e) => e.at)), eventCount: events.length,
    ...(rejected.length ? { rejectedEventIds: rejected.map((i) => commands[i]!.id) } : {}),
  };
}
