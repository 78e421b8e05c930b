// The report hand-off clock of a run whose exam record goes to the EMR: it stops when the EMR
// acknowledges the record (the server's outbox says when), not when the technologist ticks
// "images sent" — a record still waiting, failing or refused leaves the clock running, so an
// overrun shows as the deviation it is. Runs the EMR is not sent keep the tablet's own clock.
import type { TimerState } from '../timers/timers';

/** What the server says about one run's exam record (GET /api/worklist/handoffs). */
export type EmrHandoff = {
  readonly runId: string;
  readonly state: 'pending' | 'delivered' | 'rejected';
  readonly attempts: number;
  readonly acknowledgedAt: number | null;
  readonly lastError: string | null;
  /** Failing long enough that staff should be told. */
  readonly failing: boolean;
};

/** What staff see beside the clock. */
export type HandoffNote = 'acknowledged' | 'waiting' | 'failing' | 'refused';

export function handoffNote(h: EmrHandoff): HandoffNote {
  if (h.state === 'delivered') return 'acknowledged';
  if (h.state === 'rejected') return 'refused';
  return h.failing || h.lastError !== null ? 'failing' : 'waiting';
}

/** The hand-off timer as the EMR's acknowledgement decides it; `undefined`: the run is not sent, keep the tablet's. */
export function handoffByAck(timer: TimerState, h: EmrHandoff | undefined): TimerState {
  if (!h) return timer;
  const running: TimerState = { id: timer.id, kind: timer.kind, startedAt: timer.startedAt, deadline: timer.deadline };
  return h.state === 'delivered' && h.acknowledgedAt !== null ? { ...running, stoppedAt: h.acknowledgedAt } : running;
}
