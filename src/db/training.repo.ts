// Training records on the tablet: the competency sign-offs and practice-attempt summaries this tablet
// holds (its own and pulled ones), in log order. Staff records without patient data, stored in clear
// and synced like every other event; practice runs themselves stay in the demo database.
import type { PracticeAttemptSummary } from '../domain/events/training.events';
import { compareEvents } from '../domain/run/run.event';
import type { SignOff } from '../domain/training/competency';
import type { Vault } from './crypto/vault';
import type { EventRecord, ScanCardDb } from './db';
import { openEvents } from './run-codec';

export const TRAINING_TYPE_NAMES = new Set(['training.signOff', 'training.attempt']);

export type TrainingRecords = {
  readonly signOffs: readonly SignOff[];
  readonly attempts: readonly PracticeAttemptSummary[];
};

/** Dexie only (for live queries): the stored training events. */
export const trainingSources = (db: ScanCardDb): Promise<EventRecord[]> =>
  db.events.filter((e) => TRAINING_TYPE_NAMES.has(e.type)).toArray();

/** Opens and sorts (outside any transaction: no Web Crypto inside one). */
export async function openTraining(vault: Vault, records: readonly EventRecord[]): Promise<TrainingRecords> {
  const events = [...(await openEvents(vault, records))].sort(compareEvents) as unknown as {
    type: string;
    payload: unknown;
  }[];
  return {
    signOffs: events.filter((e) => e.type === 'training.signOff').map((e) => e.payload as SignOff),
    attempts: events.filter((e) => e.type === 'training.attempt').map((e) => e.payload as PracticeAttemptSummary),
  };
}
