// The retry policy as a pure function: what is retried, how long it waits, when staff are told.
import { describe, expect, it } from 'vitest';
import { decide, type RetryPolicy } from '../../../src/server/integration/delivery/retry-policy';

const P: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 60_000, alertAfterAttempts: 3 };
const net = { kind: 'network', error: 'x' } as const;
const http = (status: number, retryAfterMs?: number) => ({ kind: 'http', status, error: 'e', retryAfterMs }) as const;

describe('decide', () => {
  it('a delivery is done, with the acknowledgement time', () => {
    expect(decide({ kind: 'delivered', acknowledgedAt: 42 }, 1, P, 0)).toEqual({ action: 'done', acknowledgedAt: 42 });
  });
  it('retries network errors, timeouts, 408, 425, 429 and 5xx; rejects every other status', () => {
    for (const r of [net, http(408), http(425), http(429), http(500), http(503)])
      expect(decide(r, 1, P, 0).action).toBe('retry');
    for (const s of [400, 401, 403, 404, 409, 412, 422])
      expect(decide(http(s), 1, P, 0)).toEqual({ action: 'reject', reason: `${s}: e` });
  });
  it('backs off exponentially with equal jitter, capped', () => {
    const delay = (attempts: number, jitter: number) => {
      const d = decide(net, attempts, P, jitter);
      return d.action === 'retry' ? d.delayMs : -1;
    };
    expect([1, 2, 3, 4].map((a) => delay(a, 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((a) => delay(a, 0.999999))).toEqual([1000, 2000, 4000, 8000]);
    expect(delay(30, 0.999999)).toBe(60_000);
  });
  it('honours Retry-After, within the cap', () => {
    expect(decide(http(503, 20_000), 1, P, 0)).toMatchObject({ delayMs: 20_000 });
    expect(decide(http(429, 600_000), 1, P, 0)).toMatchObject({ delayMs: 60_000 });
  });
  it('never gives up on a retryable failure, and raises the alert from the set attempt on', () => {
    expect([1, 2, 3, 50].map((a) => decide(net, a, P, 0))).toMatchObject([
      { action: 'retry', alert: false },
      { action: 'retry', alert: false },
      { action: 'retry', alert: true },
      { action: 'retry', alert: true },
    ]);
  });
});
