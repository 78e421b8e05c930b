// What a push meets after the retention command: an event id it archived or erased is known (the
// tablet still holding that run gets it acknowledged as a duplicate, and nothing is stored again),
// and a new event for such a run is refused for good (it would bring identifiers back into a run
// that was cleared of them, or re-open an erased one).
import { eventType } from '../../domain/events/registry';
import type { Refusal } from '../../domain/sync/protocol.schema';
import { refusal, type Candidate } from '../push-checks';
import type { Tx } from '../store/store';

export type RetentionSplit = {
  /** Candidates retention has not touched: the push goes on with these. */
  readonly rest: Candidate[];
  /** Ids the server held once and retention archived or erased. */
  readonly known: string[];
  readonly refused: Refusal[];
};

export async function splitRetained(tx: Tx, candidates: readonly Candidate[]): Promise<RetentionSplit> {
  if (!candidates.length) return { rest: [], known: [], refused: [] };
  const known = await tx.retainedEventIds(candidates.map((c) => c.event.id));
  const inRuns = candidates.filter((c) => !known.has(c.event.id) && eventType(c.event.type)?.stream.kind === 'run');
  const runs = await tx.retainedRuns([...new Set(inRuns.map((c) => c.event.streamId))]);
  const out: RetentionSplit = { rest: [], known: [], refused: [] };
  for (const c of candidates) {
    const mode = runs.get(c.event.streamId);
    if (known.has(c.event.id)) out.known.push(c.event.id);
    else if (mode && eventType(c.event.type)?.stream.kind === 'run')
      out.refused.push(
        refusal(
          c.index,
          c.event.id,
          'runRefused',
          `run ${c.event.streamId} was ${mode === 'erase' ? 'erased' : 'archived'} by the site's retention: it takes no new events`,
        ),
      );
    else out.rest.push(c);
  }
  return out;
}
