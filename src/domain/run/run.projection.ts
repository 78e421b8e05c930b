// A run's read model, computed from its event log through the same replay the tablet uses, for the
// server (stored beside the log, rebuilt from it) and the QA figures. Pure and JSON-shaped: no
// patient identity (that stays in the run header), no `undefined` values, no clock; the same log
// and card always give the same projection, stamped with the engine version that computed it.
import { indexSop, type SopIndex } from '../sop/sop.index';
import type { SopDefinition } from '../sop/sop.schema';
import type { TimerState } from '../timers/timers';
import { ENGINE_VERSION, machineFor, persistRunState, replay, runStatusOf } from './run.engine';
import { compareEvents, toMachineEvent, type RunEvent } from './run.event';
import { runInputOf, type RunHeader } from './run.header';
import { examRecord, timerDeviation, type ExamRecord } from './run.record';
import type { MoveKind, RunCommand, RunContext, RunStatus } from './run.types';

/** `sopUnknown`: the pinned card version is not available here, so the log was not interpreted. */
export type ProjectedStatus = RunStatus | 'sopUnknown';

export type ProjectedVisit = {
  readonly stepId: string;
  readonly enteredAt: number;
  readonly enteredBy: string;
  readonly leftAt?: number;
  /** How the step was left; `cancel` when the run was cancelled on it. */
  readonly how?: MoveKind | 'cancel';
  readonly leftBy?: string;
};

/** A timer with its deviation once stopped: a limit overrun, or a wait (observation) closed early. */
export type ProjectedTimer = TimerState & { readonly overByMs?: number; readonly shortByMs?: number };

/** A move that did not fit the card when the log was replayed (e.g. after merging two tablets). */
export type ReviewItem = {
  readonly eventId: string;
  readonly type: RunCommand['type'] | 'created';
  readonly itemId?: string;
  readonly at: number;
  readonly user: string;
  readonly device: string;
};

export type ProjectedRun = {
  readonly engineVersion: number;
  readonly runId: string;
  readonly kind: RunHeader['kind'];
  readonly sop: RunHeader['sop'];
  /** From the card; absent when the card is unknown. */
  readonly modality?: SopDefinition['modality'];
  readonly priority: RunHeader['priority'];
  readonly scanner: string;
  readonly arrivedAt: number;
  readonly createdBy: string;
  readonly createdDevice: string;
  readonly status: ProjectedStatus;
  readonly completedAt?: number;
  readonly cancelledAt?: number;
  readonly cancelReason?: string;
  /** The step an active run is on; where a completed or cancelled run ended. */
  readonly currentStep?: string;
  /** The route taken (steps left by "back" are not on it). */
  readonly path: readonly string[];
  readonly visits: readonly ProjectedVisit[];
  /** First entry into the scan step (the step that stops the emergency-response clock on entry). */
  readonly scanStartedAt?: number;
  readonly timers: readonly ProjectedTimer[];
  readonly skips: RunContext['skips'];
  readonly fastPaths: RunContext['fastPaths'];
  readonly earlyCloseReason?: string;
  readonly record?: ExamRecord;
  readonly needsReview: readonly ReviewItem[];
  readonly eventCount: number;
  readonly lastEventAt: number;
  /** Some event's device time is earlier than the one ordered before it: durations may be wrong. */
  readonly clockWentBack: boolean;
};

type Command = Extract<RunEvent, { type: 'run.command' }>;
type Created = Extract<RunEvent, { type: 'run.created' }>;

/**
 * Projects a run from its log (run.created and run.command events, in any order) and its pinned
 * card, or `undefined` when that card is not available: then the run is `sopUnknown`, never refused.
 * Throws only for a log without a run.created event, which is not a run.
 */
export function projectRun(log: readonly RunEvent[], sop: SopDefinition | undefined): ProjectedRun {
  const events = [...log].sort(compareEvents);
  const created = events.find((e): e is Created => e.type === 'run.created');
  if (!created) throw new Error(`run log (${log.length} events) has no run.created event`);
  const header = created.payload;
  const base = {
    engineVersion: ENGINE_VERSION,
    runId: header.runId,
    kind: header.kind,
    sop: { id: header.sop.id, version: header.sop.version },
    priority: header.priority,
    scanner: header.scanner,
    arrivedAt: header.arrivedAt,
    createdBy: created.user,
    createdDevice: created.device,
  };
  const tail = {
    eventCount: events.length,
    lastEventAt: events.reduce((max, e) => Math.max(max, e.at), -Infinity),
    clockWentBack: events.some((e, i) => i > 0 && e.at < events[i - 1]!.at),
  };
  if (!sop || sop.id !== header.sop.id || sop.version !== header.sop.version)
    return {
      ...base,
      status: 'sopUnknown',
      path: [],
      visits: [],
      timers: [],
      skips: [],
      fastPaths: [],
      needsReview: [],
      ...tail,
    };

  const commands = events.filter((e): e is Command => e.type === 'run.command');
  const movers = visitMovers(created.user);
  const { snapshot, rejected } = replay(machineFor(sop), runInputOf(header), commands.map(toMachineEvent), (i, s) =>
    movers.accepted(commands[i]!, s.context),
  );
  const ctx = snapshot.context;
  const index = indexFor(sop);
  const status = runStatusOf(persistRunState(snapshot));
  const scanStartedAt = ctx.visits.find((v) => index.scanSteps.has(v.stepId))?.enteredAt;
  const needsReview = [
    ...events.filter((e) => e.type === 'run.created' && e !== created).map((e) => reviewItem(e, 'created')),
    ...rejected.map((i) => commands[i]!).map((e) => reviewItem(e, e.payload.type)),
  ];
  return {
    ...base,
    modality: sop.modality,
    status,
    ...(ctx.completedAt !== undefined ? { completedAt: ctx.completedAt } : {}),
    ...(ctx.cancelled ? { cancelledAt: ctx.cancelled.at, cancelReason: ctx.cancelled.reason } : {}),
    currentStep: ctx.path.at(-1)!,
    path: ctx.path,
    visits: movers.visits(ctx),
    ...(scanStartedAt !== undefined ? { scanStartedAt } : {}),
    timers: Object.values(ctx.timers).map((t) => projectTimer(t!)),
    skips: ctx.skips,
    fastPaths: ctx.fastPaths,
    ...(ctx.earlyCloseReason !== undefined ? { earlyCloseReason: ctx.earlyCloseReason } : {}),
    record: examRecord(index, ctx),
    needsReview: needsReview.sort((a, b) => a.at - b.at || (a.eventId < b.eventId ? -1 : 1)),
    ...tail,
  };
}

/** Who entered and who left each step visit: the user of the accepted event that made the move. */
function visitMovers(creator: string) {
  const enteredBy = [creator];
  const leftBy: string[] = [];
  let cancelledBy: string | undefined;
  return {
    accepted(e: Command, ctx: RunContext) {
      if (e.payload.type === 'answer') return;
      if (e.payload.type === 'cancel') return void (cancelledBy = e.user);
      leftBy[enteredBy.length - 1] = e.user;
      while (enteredBy.length < ctx.visits.length) enteredBy.push(e.user);
    },
    visits(ctx: RunContext): ProjectedVisit[] {
      return ctx.visits.map((v, i) => {
        const visit = { stepId: v.stepId, enteredAt: v.enteredAt, enteredBy: enteredBy[i] ?? creator };
        if (v.leftAt !== undefined) return { ...visit, leftAt: v.leftAt, how: v.how!, leftBy: leftBy[i] ?? creator };
        if (ctx.cancelled && i === ctx.visits.length - 1)
          return { ...visit, leftAt: ctx.cancelled.at, how: 'cancel' as const, leftBy: cancelledBy ?? creator };
        return visit;
      });
    },
  };
}

function projectTimer(t: TimerState): ProjectedTimer {
  const d = timerDeviation(t);
  const timer: TimerState = { id: t.id, kind: t.kind, startedAt: t.startedAt, deadline: t.deadline };
  if (t.stoppedAt === undefined) return timer;
  if (d?.kind === 'timerOverrun') return { ...timer, stoppedAt: t.stoppedAt, overByMs: d.overByMs };
  if (d?.kind === 'closedEarly') return { ...timer, stoppedAt: t.stoppedAt, shortByMs: d.shortByMs };
  return { ...timer, stoppedAt: t.stoppedAt };
}

function reviewItem(e: RunEvent, type: ReviewItem['type']): ReviewItem {
  const itemId = e.type === 'run.command' && e.payload.type === 'answer' ? e.payload.itemId : undefined;
  return { eventId: e.id, type, ...(itemId ? { itemId } : {}), at: e.at, user: e.user, device: e.device };
}

const indexes = new WeakMap<SopDefinition, SopIndex & { scanSteps: ReadonlySet<string> }>();

/** One index per definition object (definitions are immutable once loaded), like machineFor. */
function indexFor(sop: SopDefinition) {
  let index = indexes.get(sop);
  if (!index) {
    const scanSteps = sop.steps.filter((s) =>
      s.timers?.some((t) => t.timer === 'emergencyResponse' && t.action === 'stop' && t.on === 'enter'),
    );
    indexes.set(sop, (index = { ...indexSop(sop), scanSteps: new Set(scanSteps.map((s) => s.id)) }));
  }
  return index;
}
