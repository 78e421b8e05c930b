// The queue of exam records waiting for the EMR. An interface, so the store-backed outbox (a table
// in the server's database, written in the same transaction as the run's completion) can replace
// the in-memory one without touching the sender. One entry per exam: enqueueing the same id again
// changes nothing, so a completion seen twice is sent once.
import type { Bundle } from '@medplum/fhirtypes';

export type OutboxState = 'pending' | 'delivered' | 'rejected';

export type OutboxEntry = {
  /** Stable id of the record (the Bundle's identifier value). */
  readonly id: string;
  readonly runId: string;
  readonly bundle: Bundle;
  readonly createdAt: number;
  readonly state: OutboxState;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError?: string;
  /** Failing long enough that staff should be told. */
  readonly alert: boolean;
  /** When the EMR acknowledged it: this stops the report hand-off timer. */
  readonly acknowledgedAt?: number;
};

export type OutboxStatus = {
  readonly pending: number;
  readonly failing: number;
  readonly rejected: number;
  readonly lastDeliveredAt?: number;
  readonly lastError?: string;
};

export interface FhirOutbox {
  enqueue(e: { id: string; runId: string; bundle: Bundle; at: number }): Promise<void>;
  /** Pending entries whose next attempt is due, oldest first. */
  due(now: number, limit: number): Promise<OutboxEntry[]>;
  recordDelivered(id: string, attempts: number, acknowledgedAt: number): Promise<void>;
  recordRetry(id: string, r: { attempts: number; error: string; nextAttemptAt: number; alert: boolean }): Promise<void>;
  recordRejected(id: string, r: { attempts: number; error: string }): Promise<void>;
  get(id: string): Promise<OutboxEntry | undefined>;
  status(): Promise<OutboxStatus>;
}

/** In-memory outbox: for tests and until the store layer has its table. */
export class MemoryOutbox implements FhirOutbox {
  private readonly entries = new Map<string, OutboxEntry>();

  async enqueue(e: { id: string; runId: string; bundle: Bundle; at: number }): Promise<void> {
    if (this.entries.has(e.id)) return;
    this.entries.set(e.id, { ...e, createdAt: e.at, state: 'pending', attempts: 0, nextAttemptAt: e.at, alert: false });
  }
  async due(now: number, limit: number): Promise<OutboxEntry[]> {
    return [...this.entries.values()]
      .filter((e) => e.state === 'pending' && e.nextAttemptAt <= now)
      .sort((a, b) => a.createdAt - b.createdAt)
      .slice(0, limit);
  }
  async recordDelivered(id: string, attempts: number, acknowledgedAt: number): Promise<void> {
    this.update(id, { state: 'delivered', attempts, acknowledgedAt, alert: false, lastError: undefined });
  }
  async recordRetry(id: string, r: { attempts: number; error: string; nextAttemptAt: number; alert: boolean }) {
    this.update(id, { attempts: r.attempts, lastError: r.error, nextAttemptAt: r.nextAttemptAt, alert: r.alert });
  }
  async recordRejected(id: string, r: { attempts: number; error: string }): Promise<void> {
    this.update(id, { state: 'rejected', attempts: r.attempts, lastError: r.error, alert: true });
  }
  async get(id: string): Promise<OutboxEntry | undefined> {
    return this.entries.get(id);
  }
  async status(): Promise<OutboxStatus> {
    const all = [...this.entries.values()];
    const delivered = all.filter((e) => e.state === 'delivered').map((e) => e.acknowledgedAt ?? 0);
    const failed = all.filter((e) => e.lastError && e.state !== 'delivered');
    return {
      pending: all.filter((e) => e.state === 'pending').length,
      failing: all.filter((e) => e.state === 'pending' && e.alert).length,
      rejected: all.filter((e) => e.state === 'rejected').length,
      ...(delivered.length ? { lastDeliveredAt: Math.max(...delivered) } : {}),
      ...(failed.length ? { lastError: failed[failed.length - 1]!.lastError } : {}),
    };
  }
  private update(id: string, patch: Partial<OutboxEntry>) {
    const e = this.entries.get(id);
    if (e) this.entries.set(id, { ...e, ...patch });
  }
}
