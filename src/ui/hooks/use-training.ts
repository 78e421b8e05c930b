// The training records for the screens (sign-offs, practice attempts) and a person's standing on a
// card: re-read whenever a training event is stored or pulled. Always the clinical database, also
// from inside demo mode (`db` given), since sign-offs are real records.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import type { ScanCardDb } from '../../db/db';
import { openTraining, trainingSources, type TrainingRecords } from '../../db/training.repo';
import type { SopDefinition } from '../../domain/sop/sop.schema';
import {
  competencyStatus,
  DEFAULT_BLOCK_UNSIGNED_CARDS,
  startCheck,
  type StartCheck,
} from '../../domain/training/competency';
import { competencyRulesFor } from '../../sops/training/competencies';
import { isoDate } from '../format';
import { useServices } from '../services';
import { useSopLibrary } from './use-sop-library';

export function useTrainingRecords(db?: ScanCardDb): TrainingRecords | undefined {
  const services = useServices();
  const source = db ?? services.db;
  const records = useLiveQuery(() => trainingSources(source), [source]);
  const [state, setState] = useState<TrainingRecords>();
  useEffect(() => {
    if (!records) return;
    let live = true;
    void openTraining(services.vault, records).then((r) => live && setState(r));
    return () => {
      live = false;
    };
  }, [records, services.vault]);
  return state;
}

/**
 * Whether the signed-in technologist may start `sop` unwarned (trainers and others are not checked):
 * undefined when not checked, 'checking' while the records load (Start must wait: a blocked card
 * could otherwise start on a fast tap).
 */
export function useStartCheck(sop: SopDefinition | undefined): StartCheck | 'checking' | undefined {
  const { user, account, now, site } = useServices();
  const records = useTrainingRecords();
  const library = useSopLibrary();
  if (!sop || account?.role !== 'technologist') return undefined;
  if (!records || !library) return 'checking';
  const status = competencyStatus(
    records.signOffs,
    user,
    sop,
    competencyRulesFor(sop.id),
    library.lookup,
    isoDate(now()),
  );
  return startCheck(status, site?.blockUnsignedCards ?? DEFAULT_BLOCK_UNSIGNED_CARDS);
}
