// Sends a technologist's command to the run's log. An answer is drawn at once: applied to the run in
// memory and shown, while the run store writes it behind, in order, with strict durability. Until
// its event commits the item is marked "saving". A failed write puts the screen back to what is
// stored (the answers queued behind it are dropped by the store) and says "not saved". Step moves
// (next, back, skip, fast path, cancel) change the whole screen: they wait for their commit.
import { useCallback, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { RunRow } from '../../../db/db';
import { InvalidEventError } from '../../../db/events.repo';
import { WriteDroppedError } from '../../../db/run-write-queue';
import { CommandRejectedError, StorageFullError } from '../../../db/storage-errors';
import { nextBlockers } from '../../../domain/run/run.blockers';
import {
  applyEvent,
  machineFor,
  persistRunState,
  restoreRun,
  runStatusOf,
  type RunSnapshot,
} from '../../../domain/run/run.engine';
import { indexSop } from '../../../domain/sop/sop.index';
import type { RunCommand } from '../../../domain/run/run.types';
import type { SopDefinition } from '../../../domain/sop/sop.schema';
import { useServices } from '../../services';

type Drawn = { row: RunRow | null; pending: { key: number; itemId: string }[]; saved: RunRow | null; taps: number };

/** `stored`: the run as the live query read it. Returns the run to draw and the items still saving. */
export function useRunDispatch(stored: RunRow, sop: SopDefinition) {
  const { runs, now, demo } = useServices();
  const practice = demo?.practice?.isPractice(stored.id) ? demo.practice : undefined;
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  // Kept in a ref: taps can come faster than renders, and each builds on the one before.
  const live = useRef<Drawn>({ row: null, pending: [], saved: null, taps: 0 }).current;
  const saved = live.saved?.id === stored.id && live.saved.eventCount > stored.eventCount ? live.saved : stored;
  const committed = useRef(saved);
  committed.current = saved;

  const dispatch = useCallback(
    async (command: RunCommand): Promise<boolean> => {
      if (command.type !== 'answer') {
        const before = practice && restoreRun(machineFor(sop), (live.row ?? committed.current).state);
        const at = now();
        try {
          live.saved = await runs.runCommand(stored.id, command);
          if (before) practice!.record(stored.id, practiceMove(sop, before, command, at, true));
          setError(null);
          redraw();
          return true;
        } catch (e) {
          if (before) practice!.record(stored.id, practiceMove(sop, before, command, at, false));
          setError(errorText(e, t));
          return false;
        }
      }
      const base = live.row ?? committed.current;
      const machine = machineFor(sop);
      const at = now();
      const restored = restoreRun(machine, base.state);
      const result = applyEvent(machine, restored, { ...command, at });
      practice?.record(stored.id, practiceMove(sop, restored, command, at, result.accepted));
      if (!result.accepted) {
        setError(t('error.rejected'));
        return false;
      }
      const state = persistRunState(result.snapshot);
      live.row = { ...base, state, status: runStatusOf(state), updatedAt: at, eventCount: base.eventCount + 1 };
      const key = ++live.taps;
      live.pending.push({ key, itemId: command.itemId });
      redraw();
      const settle = () => {
        live.pending = live.pending.filter((p) => p.key !== key);
        if (live.pending.length === 0) live.row = null;
        redraw();
      };
      try {
        live.saved = await runs.runCommand(stored.id, command, at);
        settle();
        setError(null);
        return true;
      } catch (e) {
        settle();
        if (e instanceof WriteDroppedError) return false; // the failure before it already said so
        live.pending = []; // the store drops the writes queued behind this one
        live.row = null;
        setError(notSavedText(e, t));
        return false;
      }
    },
    [runs, stored.id, sop, now, t, live, practice],
  );
  const saving = new Set(live.pending.map((p) => p.itemId));
  return { dispatch, error, row: live.row ?? saved, saving };
}

/** A move as the practice score reads it: the step it was made on and what was still open then. */
function practiceMove(sop: SopDefinition, before: RunSnapshot, command: RunCommand, at: number, accepted: boolean) {
  const ctx = before.context;
  const missing = nextBlockers(indexSop(sop), ctx, at).flatMap((b) =>
    b.kind === 'required' || b.kind === 'timer' ? b.items : b.kind === 'record' ? [...b.fields] : [],
  );
  return { at, stepId: ctx.path.at(-1)!, command, accepted, ...(missing.length && { missing }) };
}

function errorText(e: unknown, t: TFunction): string {
  if (e instanceof StorageFullError) return t('error.storageFull');
  if (e instanceof CommandRejectedError) return t('error.rejected');
  if (e instanceof InvalidEventError) return t('error.invalid', { problems: e.problems.join('; ') });
  return t('error.saveFailed', { message: e instanceof Error ? e.message : String(e) });
}

/** A drawn answer that did not store: the message says so whatever the cause. */
function notSavedText(e: unknown, t: TFunction): string {
  if (e instanceof StorageFullError || e instanceof InvalidEventError) return errorText(e, t);
  const reason = e instanceof CommandRejectedError ? t('error.rejected') : e instanceof Error ? e.message : String(e);
  return t('error.notSaved', { reason });
}
