// When to try sending an exam record again: a pure function of what happened and how often.
// Network failures, timeouts, 408/425/429 and 5xx are worth retrying, with exponential backoff
// and jitter, for as long as it takes (an exam record is never dropped); after `alertAfterAttempts`
// the entry is flagged so staff and QA see it. Any other answer is a rejection: retrying would
// only repeat it, so it is surfaced with the EMR's reason.

export type RetryPolicy = {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Failed attempts after which the entry shows as failing on the status screen. */
  readonly alertAfterAttempts: number;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 2_000, maxDelayMs: 5 * 60_000, alertAfterAttempts: 5 };

export type AttemptResult =
  | { readonly kind: 'delivered'; readonly acknowledgedAt: number }
  | { readonly kind: 'network'; readonly error: string }
  | { readonly kind: 'http'; readonly status: number; readonly error: string; readonly retryAfterMs?: number };

export type Decision =
  | { readonly action: 'done'; readonly acknowledgedAt: number }
  | { readonly action: 'retry'; readonly delayMs: number; readonly alert: boolean }
  | { readonly action: 'reject'; readonly reason: string };

const RETRYABLE_STATUS = new Set([408, 425, 429]);
export const isRetryableStatus = (status: number) => status >= 500 || RETRYABLE_STATUS.has(status);

/**
 * @param attempts attempts made so far, including this one (1 after the first)
 * @param jitter a number in [0, 1), passed in so the function stays pure
 */
export function decide(result: AttemptResult, attempts: number, policy: RetryPolicy, jitter: number): Decision {
  if (result.kind === 'delivered') return { action: 'done', acknowledgedAt: result.acknowledgedAt };
  if (result.kind === 'http' && !isRetryableStatus(result.status))
    return { action: 'reject', reason: `${result.status}: ${result.error}` };
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  const jittered = Math.round(exponential * (0.5 + jitter / 2)); // "equal jitter": half fixed, half random
  const retryAfter = result.kind === 'http' ? (result.retryAfterMs ?? 0) : 0;
  return {
    action: 'retry',
    delayMs: Math.min(policy.maxDelayMs, Math.max(jittered, retryAfter)),
    alert: attempts >= policy.alertAfterAttempts,
  };
}
