// A chest CT run started from a booking and walked to completion, as a tablet pushes it, plus the
// site settings the wiring tests configure through the admin route.
import { randomUUID } from 'node:crypto';
import type { RunCommand } from '../../../src/domain/run/run.types';
import type { SyncEvent } from '../../../src/domain/sync/protocol.schema';
import { eventFactory } from '../fixtures';
import { SITE } from './exam-fixtures';

type Created = Extract<SyncEvent, { type: 'run.created' }>;

const step = (answers: Record<string, boolean | string | number>): RunCommand[] => [
  ...Object.entries(answers).map(([itemId, value]): RunCommand => ({ type: 'answer', itemId, value })),
  { type: 'next' },
];

export const CHEST_CT_WALK: RunCommand[] = [
  ...step({ twoIdentifiers: true, requestMatches: true }),
  ...step({ pregnancy: 'notApplicable' }),
  { type: 'skip', reason: 'prepared on the ward' },
  ...step({ supineArmsUp: true, centred: true }),
  ...step({ breathHoldPractised: true }),
  ...step({ protocol: 'lowDose', scanDone: true, dlp: 320 }),
  ...step({ fullCoverage: true, motionArtefact: false, reconstructions: true }),
  ...step({ bodyPartExamined: 'chest', imagesSent: true }),
];

/** run.created for a booking, then (unless `open`) the whole walk. */
export function bookedRun(
  device: string,
  accessionNumber: string | undefined,
  patientId: string,
  o: { open?: boolean; start?: number } = {},
) {
  const f = eventFactory(device as ReturnType<typeof randomUUID>, o.start);
  const runId = randomUUID();
  const created = f.created(runId, patientId) as Created;
  const events: SyncEvent[] = [
    { ...created, payload: { ...created.payload, ...(accessionNumber && { booking: { accessionNumber } }) } },
    ...(o.open ? [] : CHEST_CT_WALK.map((payload) => ({ ...f.next(runId), payload }) as SyncEvent)),
  ];
  return { runId, events, completedAt: events.at(-1)!.at };
}

export const emrSettings = (url: string) => ({ url, timeoutMs: 3000, ...SITE });
