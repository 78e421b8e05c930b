// The server's training read model: sign-offs and practice attempts read from the log (few: tens a
// week), with the cards in force, through the same pure rules the tablets use (src/domain/training).
// Computed per request, like the quality model: nothing can drift from the events.
import type { PracticeAttemptSummary } from '../../domain/events/training.events';
import type { SopDefinition } from '../../domain/sop/sop.schema';
import type { SignOff } from '../../domain/training/competency';
import type { FigureInputs } from '../../domain/training/figures';
import { competencyRulesFor } from '../../sops/training/competencies';
import type { BuiltIns } from '../built-ins';
import { currentSopVersions } from '../current-sops';
import { sopKey, type SyncStore } from '../store/store';

export const TRAINING_TYPES = ['training.signOff', 'training.attempt'] as const;

export type TrainingLog = {
  readonly signOffs: readonly SignOff[];
  readonly attempts: readonly PracticeAttemptSummary[];
};

export async function trainingLog(store: SyncStore): Promise<TrainingLog> {
  const events = (await store.qualityEvents(TRAINING_TYPES)) as unknown as { type: string; payload: unknown }[];
  return {
    signOffs: events.filter((e) => e.type === 'training.signOff').map((e) => e.payload as SignOff),
    attempts: events.filter((e) => e.type === 'training.attempt').map((e) => e.payload as PracticeAttemptSummary),
  };
}

/** Everything the figures need but the events: the cards in force and every stored version. */
export async function trainingInputs(
  store: SyncStore,
  builtIns: BuiltIns,
  today: string,
): Promise<Omit<FigureInputs, 'dueWithinDays'>> {
  const log = await trainingLog(store);
  const cards = new Map<string, SopDefinition>(builtIns);
  for (const row of await store.sopsAfter(0)) {
    const sop = JSON.parse(row.body) as SopDefinition;
    if (!cards.has(sopKey(sop.id, sop.version))) cards.set(sopKey(sop.id, sop.version), sop);
  }
  const current = await currentSopVersions(store, builtIns);
  const sopVersion = (id: string, version: number) => cards.get(sopKey(id, version));
  return {
    ...log,
    current: (id) => (current[id] === undefined ? undefined : sopVersion(id, current[id])),
    sopVersion,
    rules: competencyRulesFor,
    today,
  };
}
