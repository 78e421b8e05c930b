// The event envelope stored in the log and synced between tablets. Events are immutable and
// identified by id, so storing one twice is a no-op and a merge never duplicates.
import type { RunHeader } from './run.header';
import type { RunCommand, RunMachineEvent } from './run.types';

export type EventMeta = {
  readonly id: string;
  /** The run (or other record stream) the event belongs to. */
  readonly streamId: string;
  /** Device wall-clock time (ms); what timers are computed from. */
  readonly at: number;
  /** Hybrid logical clock stamp; what events are ordered by. */
  readonly hlc: string;
  readonly user: string;
  readonly device: string;
  /** Per-device increasing number: lets the server see gaps. */
  readonly deviceSeq: number;
};

export type RunEvent =
  | (EventMeta & { readonly type: 'run.created'; readonly payload: RunHeader })
  | (EventMeta & { readonly type: 'run.command'; readonly payload: RunCommand });

export function toMachineEvent(e: Extract<RunEvent, { type: 'run.command' }>): RunMachineEvent {
  return { ...e.payload, at: e.at };
}

/** Deterministic order for a merged log: clock stamp, then device, then id. */
export function compareEvents(a: EventMeta, b: EventMeta): number {
  return a.hlc < b.hlc
    ? -1
    : a.hlc > b.hlc
      ? 1
      : a.device < b.device
        ? -1
        : a.device > b.device
          ? 1
          : a.id < b.id
            ? -1
            : a.id > b.id
              ? 1
              : 0;
}
