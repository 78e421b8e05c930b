// The worklist query per configured scanner, on the schedule and on demand: today's bookings for the
// scanner's station AE title and modality, stored through the intake. Each scanner's outcome is
// recorded for the status screen (the error's kind and words, never an answer's content).
import type { SyncStore } from '../store/store';
import { queryWorklist, WorklistError } from './dicom/mwl-client';
import { storeBookings, type IntakeSummary } from './intake.service';
import type { ScannerWorklist } from './settings';

export type ScannerOutcome =
  | ({ readonly scanner: string; readonly ok: true } & Omit<IntakeSummary, 'skipped'> & { readonly skipped: number })
  | { readonly scanner: string; readonly ok: false; readonly kind: string; readonly error: string };

export const worklistEndpoint = (s: ScannerWorklist) => `mwl:${s.scanner}`;

/** Local calendar date of `now` (worklists schedule in the department's local time). */
const localDate = (now: number) => {
  const d = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

export async function queryScanner(store: SyncStore, s: ScannerWorklist, now: number): Promise<ScannerOutcome> {
  try {
    const answer = await queryWorklist({
      host: s.host,
      port: s.port,
      callingAeTitle: s.callingAeTitle,
      calledAeTitle: s.calledAeTitle,
      ...(s.stationAeTitle && { stationAeTitle: s.stationAeTitle }),
      ...(s.modality && { modality: s.modality }),
      ...(s.timeoutMs && { timeoutMs: s.timeoutMs }),
      date: { from: localDate(now) },
    });
    const summary = await storeBookings(store, answer, { now, scanner: s.scanner });
    await store.noteExchange(worklistEndpoint(s), now);
    return { scanner: s.scanner, ok: true, ...summary, skipped: summary.skipped.length };
  } catch (e) {
    const kind = e instanceof WorklistError ? e.kind : 'internal';
    const error = e instanceof Error ? e.message : String(e);
    await store.noteExchange(worklistEndpoint(s), now, error);
    return { scanner: s.scanner, ok: false, kind, error };
  }
}

/** Every configured scanner, one after the other (a worklist server is one process per site). */
export async function queryAllScanners(store: SyncStore, now: () => number, only?: string): Promise<ScannerOutcome[]> {
  const scanners = (await store.integrationSettings()).worklist?.scanners ?? [];
  const out: ScannerOutcome[] = [];
  for (const s of scanners.filter((x) => only === undefined || x.scanner === only))
    out.push(await queryScanner(store, s, now()));
  return out;
}
