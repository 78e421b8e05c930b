// Worklist order: emergency first, then urgent, then routine; within a priority, earliest arrival
// first (the department's booking/arrival order).
import type { RunPriority } from '../run/run.types';

export const PRIORITY_RANK: Readonly<Record<RunPriority, number>> = { emergency: 0, urgent: 1, routine: 2 };

export type Triageable = { readonly priority: RunPriority; readonly arrivedAt: number; readonly id: string };

export function compareTriage(a: Triageable, b: Triageable): number {
  return PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.arrivedAt - b.arrivedAt || a.id.localeCompare(b.id);
}

export function sortWorklist<T extends Triageable>(runs: readonly T[]): T[] {
  return [...runs].sort(compareTriage);
}

/** Waiting time shown on the worklist; never negative even if a device clock ran ahead. */
export function waitingMs(arrivedAt: number, now: number): number {
  return Math.max(0, now - arrivedAt);
}

/** "7 min", "1 h 05 min" — coarse on purpose: the worklist is read at arm's length. */
export function formatWaiting(ms: number): { hours: number; minutes: number } {
  const totalMin = Math.floor(ms / 60_000);
  return { hours: Math.floor(totalMin / 60), minutes: totalMin % 60 };
}
