// Small helpers shared by the benchmark scripts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export type Timing = { readonly ms: number; readonly cpuMs: number };

/** Wall time, and this process's CPU time (user + system: less disturbed by other load on the machine). */
export async function timed<T>(work: () => Promise<T>): Promise<Timing & { value: T }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await work();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { value, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

export const secs = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
/** "1.234 s (CPU 1.100 s)" */
export const wallCpu = (t: Timing) => `${secs(t.ms)} (CPU ${secs(t.cpuMs)})`;
export const sum = (a: Timing, b: Timing): Timing => ({ ms: a.ms + b.ms, cpuMs: a.cpuMs + b.cpuMs });

/** Nearest-rank percentile of unsorted samples. */
export function pct(xs: readonly number[], p: number): number {
  if (!xs.length) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

export function pad(cells: readonly (string | number)[], widths: readonly number[]): string {
  return cells.map((c, i) => String(c).padStart(widths[i] ?? 10)).join(' ');
}
