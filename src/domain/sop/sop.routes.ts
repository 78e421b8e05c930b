// The routes through a card as a graph, for the editor and the publish check: which steps no route
// reaches, which steps have no way to "complete" (a loop or a dangling target), every branch a
// preview must take, and which of them the preview runs so far have taken. Works on drafts that do
// not validate yet, so the editor can show it while the author is typing.
import type { SopDefinition, SopStep } from './sop.schema';

/** One way out of a step: a branch (by index) or the default next. */
export type RouteEdge = { readonly from: string; readonly via: number | 'next'; readonly to: string };
export type RouteCheck = {
  /** Steps no route from the start reaches. */
  readonly unreachable: readonly string[];
  /** Reachable steps from which no route reaches "complete" (a loop, or a step that leads nowhere). */
  readonly neverCompletes: readonly string[];
  /** Targets that name no step (`from` → `to`). */
  readonly dangling: readonly RouteEdge[];
};

export function routeEdges(sop: Pick<SopDefinition, 'steps'>): RouteEdge[] {
  return sop.steps.flatMap((s: SopStep) => [
    ...(s.branches ?? []).map((b, i) => ({ from: s.id, via: i, to: b.goto })),
    { from: s.id, via: 'next' as const, to: s.next },
  ]);
}

export function checkRoutes(sop: Pick<SopDefinition, 'steps' | 'start'>): RouteCheck {
  const ids = new Set(sop.steps.map((s) => s.id));
  const edges = routeEdges(sop);
  const out = new Map<string, string[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  const reached = new Set<string>();
  const queue = ids.has(sop.start) ? [sop.start] : [];
  while (queue.length) {
    const id = queue.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    for (const t of out.get(id) ?? []) if (ids.has(t)) queue.push(t);
  }
  // Backwards from "complete": every step with some route to the end.
  const finishes = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const e of edges)
      if (!finishes.has(e.from) && (e.to === 'complete' || finishes.has(e.to))) {
        finishes.add(e.from);
        grew = true;
      }
  }
  // A loop never completes even if one way out of it does: a card runs forward only.
  const looping = stepsOnLoops(
    sop.steps.map((s) => s.id),
    out,
  );
  return {
    unreachable: sop.steps.filter((s) => !reached.has(s.id)).map((s) => s.id),
    neverCompletes: sop.steps
      .filter((s) => reached.has(s.id) && (!finishes.has(s.id) || looping.has(s.id)))
      .map((s) => s.id),
    dangling: edges.filter((e) => e.to !== 'complete' && !ids.has(e.to)),
  };
}

function stepsOnLoops(ids: readonly string[], out: ReadonlyMap<string, readonly string[]>): Set<string> {
  const onLoop = new Set<string>();
  for (const id of ids) {
    const seen = new Set<string>();
    const queue = [...(out.get(id) ?? [])];
    while (queue.length) {
      const t = queue.pop()!;
      if (t === id) {
        onLoop.add(id);
        break;
      }
      if (seen.has(t)) continue;
      seen.add(t);
      queue.push(...(out.get(t) ?? []));
    }
  }
  return onLoop;
}

/** Why a draft may not be published on its routes, one line per problem (empty: fine). */
export function routeBlockers(sop: Pick<SopDefinition, 'steps' | 'start'>): string[] {
  const c = checkRoutes(sop);
  return [
    ...c.unreachable.map((s) => `step "${s}" is reached by no route`),
    ...c.neverCompletes.map((s) => `no route from step "${s}" completes the card`),
    ...c.dangling.map((e) => `step "${e.from}" leads to "${e.to}", which is no step`),
  ];
}

const edgeKey = (e: Pick<RouteEdge, 'from' | 'to'>) => `${e.from}→${e.to}`;

/**
 * Which edges the preview runs took, from each run's route (the steps in the order walked, ending
 * with "complete" when it finished). Two ways out of a step to the same target count as one.
 */
export function branchCoverage(
  sop: Pick<SopDefinition, 'steps'>,
  routes: readonly (readonly string[])[],
): { readonly taken: readonly RouteEdge[]; readonly notTaken: readonly RouteEdge[] } {
  const walked = new Set<string>();
  for (const r of routes) for (let i = 1; i < r.length; i++) walked.add(edgeKey({ from: r[i - 1]!, to: r[i]! }));
  const edges = routeEdges(sop);
  return { taken: edges.filter((e) => walked.has(edgeKey(e))), notTaken: edges.filter((e) => !walked.has(edgeKey(e))) };
}
