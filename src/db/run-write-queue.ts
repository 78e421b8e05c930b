// One lane per run: its writes go one after another, in the order they were asked for, so a burst
// of taps is stored as tapped. Each lane keeps the row its last write committed, so the next write
// needs no read before it (the write checks the version inside its one transaction). A failed write
// drops the writes queued behind it: they were drawn on top of a state that was never stored.
import type { RunRow } from './db';

/** A write not attempted because one before it in the same run failed. */
export class WriteDroppedError extends Error {
  override name = 'WriteDroppedError';
  constructor() {
    super('not saved: an earlier change to this run failed');
  }
}

type Lane = { tail: Promise<unknown>; generation: number; waiting: number; committed?: RunRow };

export function createRunWriteQueue() {
  const lanes = new Map<string, Lane>();
  return {
    /** `work` gets the row the lane last committed (or nothing: read it) and returns the row it stored. */
    submit(runId: string, work: (base: RunRow | undefined) => Promise<RunRow>): Promise<RunRow> {
      let lane = lanes.get(runId);
      if (!lane) lanes.set(runId, (lane = { tail: Promise.resolve(), generation: 0, waiting: 0 }));
      const own = lane;
      const generation = own.generation;
      own.waiting++;
      const result = own.tail.then(async () => {
        if (own.generation !== generation) throw new WriteDroppedError();
        try {
          own.committed = await work(own.committed);
          return own.committed;
        } catch (e) {
          own.generation++;
          own.committed = undefined;
          throw e;
        }
      });
      own.tail = result
        .catch(() => undefined)
        .finally(() => {
          // A drained lane of a closed run holds nothing worth keeping.
          if (--own.waiting === 0 && own.committed?.status !== 'active') lanes.delete(runId);
        });
      return result;
    },
  };
}
