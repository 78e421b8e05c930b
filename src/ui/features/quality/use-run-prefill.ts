// The adverse-event prefill for a run named in the address (/quality?report=<run id>): read from the
// tablet's own store, so it works offline. Undefined while loading, null when the run is not here.
import { useLiveQuery } from 'dexie-react-hooks';
import { getRun } from '../../../db/runs.queries';
import { siteScanners } from '../../../domain/quality/quality.status';
import type { QualityState } from '../../../domain/quality/quality.projection';
import { adversePrefill, type AdversePrefill } from '../../../domain/quality/run-prefill';
import { useServices } from '../../services';

export function useRunPrefill(
  runId: string | null,
  state: QualityState | undefined,
): AdversePrefill | null | undefined {
  const { db, vault, scanners } = useServices();
  const row = useLiveQuery(async () => (runId ? ((await getRun(db, vault, runId)) ?? null) : null), [db, vault, runId]);
  if (row === undefined || !state) return undefined;
  if (!row) return null;
  const scannerId = siteScanners(state, scanners).find((s) => s.label === row.header.scanner)?.id ?? row.header.scanner;
  return adversePrefill(row.header, row.state.context, scannerId);
}
