// Exam records as far as the server can know them from the event log alone.
//
// Limitation: the server stores events but does not replay them through the SOP state machines, so
// it cannot say whether a run reached the end of its card (a "next" on the last step looks like any
// other "next"). Each record therefore carries what is certain: the run header (run.created), the
// body part answered last, whether a cancel / fast path / skip was recorded, the number of events
// and the time of the last one. A tablet (which does replay) is the place for completion status.
import type { SopDefinition } from '../domain/sop/sop.schema';
import type { SyncEvent } from '../domain/sync/protocol.schema';
import { sopKey, type SyncStore, type TimeRange } from './store/store';

export const EXPORT_MAX_RUNS = 5000;
const FALLBACK_BODY_PART_ITEM = 'bodyPartExamined';

type Created = Extract<SyncEvent, { type: 'run.created' }>;
type Command = Extract<SyncEvent, { type: 'run.command' }>;

export type ExamRecord = {
  readonly runId: string;
  readonly sop: { readonly id: string; readonly version: number };
  readonly scanner: string;
  readonly priority: Created['payload']['priority'];
  readonly arrivedAt: number;
  readonly patientId: string | null;
  readonly bodyPart: string | null;
  readonly cancelled: boolean;
  readonly fastPath: boolean;
  readonly skippedSteps: number;
  readonly eventCount: number;
  readonly lastEventAt: number;
  readonly recordedBy: string;
  readonly device: string;
};

export async function examRecords(
  store: SyncStore,
  builtIns: ReadonlyMap<string, SopDefinition>,
  range: TimeRange,
  max = EXPORT_MAX_RUNS,
): Promise<{ records: ExamRecord[]; truncated: boolean }> {
  const rows = await store.examRuns(range, max + 1);
  const page = rows.slice(0, max);
  const created = page.map((r) => JSON.parse(r.body) as Created);
  const commands = new Map<string, Command[]>();
  for (const c of await store.runCommands(created.map((e) => e.streamId))) {
    const list = commands.get(c.streamId) ?? [];
    list.push(c);
    commands.set(c.streamId, list);
  }
  const bodyPartItems = await bodyPartItemsFor(store, builtIns);

  const records = created.map((e, i): ExamRecord => {
    const h = e.payload;
    const items = bodyPartItems(sopKey(h.sop.id, h.sop.version));
    let bodyPart: string | null = null;
    let cancelled = false;
    let fastPath = false;
    let skippedSteps = 0;
    for (const c of commands.get(e.streamId) ?? []) {
      const p = c.payload;
      if (p.type === 'answer' && items.has(p.itemId)) bodyPart = p.value === null ? null : String(p.value);
      else if (p.type === 'cancel') cancelled = true;
      else if (p.type === 'fastPath') fastPath = true;
      else if (p.type === 'skip') skippedSteps += 1;
    }
    return {
      runId: h.runId,
      sop: h.sop,
      scanner: h.scanner,
      priority: h.priority,
      arrivedAt: h.arrivedAt,
      patientId: h.patient?.patientId ?? null,
      bodyPart,
      cancelled,
      fastPath,
      skippedSteps,
      eventCount: page[i]!.eventCount,
      lastEventAt: page[i]!.lastEventAt,
      recordedBy: e.user,
      device: e.device,
    };
  });
  return { records, truncated: rows.length > max };
}

/** Item ids that feed the record's body part, per SOP version (the built-in or stored definition). */
async function bodyPartItemsFor(store: SyncStore, builtIns: ReadonlyMap<string, SopDefinition>) {
  const stored = new Map<string, SopDefinition>();
  for (const s of await store.sopsAfter(0)) {
    const def = JSON.parse(s.body) as SopDefinition;
    stored.set(sopKey(def.id, def.version), def);
  }
  const cache = new Map<string, Set<string>>();
  return (key: string): Set<string> => {
    let ids = cache.get(key);
    if (!ids) {
      const def = builtIns.get(key) ?? stored.get(key);
      const found =
        def?.steps.flatMap((s) => s.items.filter((item) => item.recordField === 'bodyPart').map((item) => item.id)) ??
        [];
      ids = new Set(found.length ? found : [FALLBACK_BODY_PART_ITEM]);
      cache.set(key, ids);
    }
    return ids;
  };
}
