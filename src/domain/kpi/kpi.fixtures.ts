// Hand-made runs for the KPI tests (and the benchmark): a chest CT (v1) or daily CT QC run with a given
// run number, arrival, priority, scanner and tablet, whose steps last exactly the times given, written
// to a log the way tablets write it, then projected. Every time is given: no clock.
import { ctDailyQc } from '../../sops/ct-daily-qc.sop';
import { chestCtV1 } from '../../sops/published';
import { headerFor, runLog, tablet, type Tablet } from '../run/golden/log-builder';
import { FILL } from '../run/run.projection.driver';
import { projectRun, type ProjectedRun } from '../run/run.projection';
import type { AnswerValue } from '../sop/answers';
import type { SopDefinition } from '../sop/sop.schema';
import type { RunCommand, RunPriority } from '../run/run.types';

export const SEC = 1000;
export const MIN = 60 * SEC;
export const CHEST_STEPS = [
  'identity',
  'screening',
  'preparation',
  'positioning',
  'breathHold',
  'scan',
  'imageQc',
  'send',
];

const QC_FILL: Record<string, Record<string, AnswerValue>> = {
  warmupStart: { gantryClear: true, warmupStarted: true },
  warmupComplete: { warmupDone: true, systemErrors: false },
};

export type RunOptions = {
  readonly arrive: number;
  readonly priority?: RunPriority;
  readonly scanner?: string;
  readonly by?: Tablet;
  readonly sop?: SopDefinition;
  /** Started from a hospital booking (its record goes to the EMR). */
  readonly booking?: { readonly accessionNumber: string };
};

export function kpiRun(no: number, o: RunOptions) {
  const sop = o.sop ?? chestCtV1;
  const t = o.by ?? tablet(1, 'chen');
  const log = runLog(no);
  let now = o.arrive;
  log.create(
    t,
    { ...headerFor(sop, o.priority ?? 'routine', o.scanner ?? 'ct-1'), ...(o.booking && { booking: o.booking }) },
    now,
  );
  const r = {
    log,
    now: () => now,
    send(cmd: RunCommand, at = now + SEC, by = t) {
      now = Math.round(at); // wire times are whole milliseconds
      log.command(by, cmd, now);
      return r;
    },
    /** Answers the step (one second apart), then leaves it `ms` after entering it. */
    step(stepId: string, ms: number, by = t, over: Record<string, AnswerValue> = {}) {
      const entered = now;
      for (const [itemId, value] of Object.entries({ ...FILL[stepId], ...QC_FILL[stepId], ...over }))
        r.send({ type: 'answer', itemId, value }, now + SEC, by);
      return r.send({ type: 'next' }, entered + ms, by);
    },
    /** Walks steps in order, each lasting `ms`. */
    walk(steps: readonly string[], ms: number, by = t) {
      for (const s of steps) r.step(s, ms, by);
      return r;
    },
    project: (): ProjectedRun => projectRun(log.events, sop),
  };
  return r;
}

/** Walks a chest CT to the scan step entered `waitMs` after arrival (the five steps before it share the wait). */
export function toScan(no: number, o: RunOptions, waitMs: number) {
  return kpiRun(no, o).walk(CHEST_STEPS.slice(0, 5), waitMs / 5);
}

export const qcRun = (no: number, o: RunOptions) => kpiRun(no, { ...o, sop: o.sop ?? ctDailyQc });
