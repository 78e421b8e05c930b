// Scanner warm-up (preheat): started when the technologist powers the scanner on, stopped when it
// is ready. Longer than the standard (CT 3 min, MRI 10 min) is recorded as a deviation.
import type { TimerId } from '../sop/sop.schema';
import { startTimer, stopTimer, type TimerRules, type TimerState } from '../timers/timers';

export type Modality = 'CT' | 'MR';
export type Scanner = { readonly id: string; readonly label: string; readonly modality: Modality };

/** Department default; a site lists its own scanners in settings. */
export const DEFAULT_SCANNERS: readonly Scanner[] = [
  { id: 'ct-1', label: 'CT 1', modality: 'CT' },
  { id: 'ct-2', label: 'CT 2', modality: 'CT' },
  { id: 'mr-1', label: 'MRI 1', modality: 'MR' },
];

export const warmupTimerId = (m: Modality): TimerId => (m === 'CT' ? 'warmupCt' : 'warmupMr');

export type ScannerCommand = { type: 'powerOn' } | { type: 'ready' };
export type WarmupState = { readonly scannerId: string; readonly warmup?: TimerState };

/** Powering on again after "ready" starts a new warm-up; "ready" without a warm-up is ignored. */
export function applyScannerCommand(
  state: WarmupState,
  scanner: Scanner,
  cmd: ScannerCommand,
  at: number,
  rules: TimerRules,
): WarmupState {
  if (cmd.type === 'powerOn') {
    if (state.warmup && state.warmup.stoppedAt === undefined) return state;
    return { ...state, warmup: startTimer(warmupTimerId(scanner.modality), rules, at) };
  }
  if (!state.warmup || state.warmup.stoppedAt !== undefined) return state;
  return { ...state, warmup: stopTimer(state.warmup, at) };
}
