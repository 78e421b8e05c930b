// What the worklist and the QA lead need from the quality read model at `now`: each scanner's QC
// due status and flags (which gate starting an exam), the review queue, follow-ups due, and the
// patients whose future contrast runs carry a warning.
import { followUpDueAt, warnsFutureContrast } from './adverse-event';
import type { Scanner } from '../scanners/scanner';
import type { QcTestSet } from './qc-sets';
import type { AdverseCase, QcResultRecord, QualityState } from './quality.projection';
import { dueStatus, dueWindow, type DueStatus, type DueWindow } from './schedule';

export type ScannerFlag = 'notInService' | 'lastQcAction' | 'dailyQcOverdue';

export type QcDue = {
  readonly set: QcTestSet;
  readonly status: DueStatus;
  readonly window: DueWindow;
  readonly last?: QcResultRecord;
};

const newestFirst = (a: { at: number }, b: { at: number }) => b.at - a.at;

/** The routine sets of a scanner with their due status now. */
export function qcDue(state: QualityState, scannerId: string, now: number, timeZone: string): QcDue[] {
  const results = state.results.filter((r) => r.scannerId === scannerId).sort(newestFirst);
  return (state.testSets.get(scannerId) ?? [])
    .filter((s) => s.purpose === 'routine')
    .map((set) => {
      const mine = results.filter((r) => r.setId === set.setId && r.purpose === 'routine');
      const last = mine[0];
      return {
        set,
        status: dueStatus(
          set.schedule,
          mine.map((r) => r.at),
          now,
          timeZone,
        ),
        window: dueWindow(set.schedule, now, timeZone),
        ...(last && { last }),
      };
    });
}

/** Why starting an exam on this scanner needs an override with a reason; empty when it does not. */
export function scannerFlags(state: QualityState, scannerId: string, now: number, timeZone: string): ScannerFlag[] {
  const eq = state.equipment.get(scannerId);
  const flags: ScannerFlag[] = [];
  if (eq && eq.status !== 'inService' && eq.status !== 'restricted') flags.push('notInService');
  const lastRoutine = state.results
    .filter((r) => r.scannerId === scannerId && r.purpose === 'routine')
    .sort(newestFirst)[0];
  if (lastRoutine?.outcome === 'action') flags.push('lastQcAction');
  // Overdue gates only a scanner in the QC programme (registered, or with QC recorded here): before a
  // site records any QC in ScanCard it cannot know, and gating every exam from day one would block the unit.
  const inProgramme = (eq?.registeredAt ?? 0) > 0 || lastRoutine !== undefined;
  if (
    inProgramme &&
    qcDue(state, scannerId, now, timeZone).some((d) => d.set.schedule.frequency === 'daily' && d.status === 'overdue')
  )
    flags.push('dailyQcOverdue');
  return flags;
}

/** Results a QA lead has not reviewed yet: every tolerance and action result, oldest first. */
export const reviewQueue = (state: QualityState): QcResultRecord[] =>
  state.results
    .filter((r) => (r.outcome === 'tolerance' || r.outcome === 'action') && !r.reviewed)
    .sort((a, b) => a.at - b.at);

/** Extravasation rechecks not yet recorded as done (an amendment with an outcome closes the loop). */
export const followUpsDue = (
  state: QualityState,
  now: number,
): { case: AdverseCase; dueAt: number; overdue: boolean }[] =>
  state.adverse.flatMap((c) => {
    const dueAt = followUpDueAt(c.current);
    if (dueAt === undefined || c.current.outcome || c.status === 'closed') return [];
    return [{ case: c, dueAt, overdue: now >= dueAt }];
  });

/** Patients with a moderate or severe contrast reaction on record: later contrast runs warn. */
export const contrastWarnings = (state: QualityState): Map<string, AdverseCase> =>
  new Map(
    state.adverse.flatMap((c) =>
      c.current.patientId && warnsFutureContrast(c.current) ? [[c.current.patientId, c]] : [],
    ),
  );

/** The scanners a new exam may choose: the register's (not retired) once it has entries, else the built-in list. */
export function siteScanners(state: QualityState, builtIn: readonly Scanner[]): readonly Scanner[] {
  const registered = [...state.equipment.values()].filter((e) => e.registeredAt > 0 && e.status !== 'retired');
  if (!registered.length) return builtIn;
  return registered.map((e) => ({ id: e.scannerId, label: e.name, modality: e.modality }));
}
