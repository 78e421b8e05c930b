// The route a run actually took through its card, step by step, for the step list: what was done,
// what was skipped and why, where the run is, what may still come, and which branches it did not
// need. A finished exam then reads as complete, not as a list of unticked steps.
import { stepCanReach, type SopIndex } from '../sop/sop.index';
import type { RunContext } from './run.types';

export type StepRouteState =
  | { state: 'done' }
  | { state: 'current' }
  | { state: 'skipped'; reason: string }
  | { state: 'fastPath'; reason: string }
  | { state: 'toCome' }
  | { state: 'notNeeded' }
  | { state: 'notReached' }
  | { state: 'cancelledHere'; reason: string };

/** One entry per step of the card, in card order. `active`: the run is still open. */
export function routeTaken(
  index: SopIndex,
  ctx: RunContext,
  active: boolean,
): { stepId: string; route: StepRouteState }[] {
  const current = ctx.path.at(-1)!;
  const onPath = new Set(ctx.path);
  const skipReason = new Map(ctx.skips.map((s) => [s.stepId, s.reason])); // the latest reason wins
  const fastPathReason = new Map(ctx.fastPaths.flatMap((f) => f.skipped.map((id) => [id, f.reason] as const)));
  const route = (id: string): StepRouteState => {
    if (active && id === current) return { state: 'current' };
    if (onPath.has(id) && id !== current) {
      // How the step was last left: a step skipped, gone back to and then done counts as done.
      const how = ctx.visits.filter((v) => v.stepId === id && v.how !== 'back').at(-1)?.how;
      if (how === 'skip') return { state: 'skipped', reason: skipReason.get(id) ?? '' };
      if (how === 'fastPath') return { state: 'fastPath', reason: fastPathReason.get(id) ?? '' };
      return { state: 'done' };
    }
    // The last step of a completed run is on the path and was completed, not skipped.
    if (!active && id === current)
      return ctx.cancelled ? { state: 'cancelledHere', reason: ctx.cancelled.reason } : { state: 'done' };
    const jumped = fastPathReason.get(id);
    if (jumped !== undefined && !onPath.has(id)) return { state: 'fastPath', reason: jumped };
    if (!active) return ctx.cancelled ? { state: 'notReached' } : { state: 'notNeeded' };
    return stepCanReach(index, current, id) ? { state: 'toCome' } : { state: 'notNeeded' };
  };
  return index.sop.steps.map((s) => ({ stepId: s.id, route: route(s.id) }));
}
