// Sends exam records to the EMR's FHIR endpoint: one POST of the transaction Bundle per attempt,
// retried by the pure policy until the EMR acknowledges it. A retry after a lost reply creates
// nothing twice, because every entry of the Bundle is a conditional create on a stable identifier.
// The acknowledgement time is the moment the EMR's 2xx transaction-response arrived.
import type { Bundle, OperationOutcome } from '@medplum/fhirtypes';
import type { FhirOutbox } from './outbox';
import { decide, type AttemptResult, type RetryPolicy } from './retry-policy';

export type FhirEndpoint = {
  /** The FHIR base URL; the transaction is POSTed to it. */
  readonly url: string;
  /** e.g. Authorization; never logged. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Per attempt; default 30 s. */
  readonly timeoutMs?: number;
};

export type SenderDeps = {
  readonly endpoint: FhirEndpoint;
  readonly policy: RetryPolicy;
  readonly now: () => number;
  /** [0, 1): the retry jitter. */
  readonly random: () => number;
  readonly fetch?: typeof fetch;
};

/** One attempt: POST, and classify what came back. Never throws. */
export async function postBundle(bundle: Bundle, deps: SenderDeps): Promise<AttemptResult> {
  const { endpoint } = deps;
  let res: Response;
  try {
    res = await (deps.fetch ?? fetch)(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json', ...endpoint.headers },
      body: JSON.stringify(bundle),
      signal: AbortSignal.timeout(endpoint.timeoutMs ?? 30_000),
    });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    const what = err.name === 'TimeoutError' ? 'no answer in time' : (err.cause?.code ?? err.message);
    return { kind: 'network', error: `EMR endpoint unreachable: ${what}` };
  }
  const body = await res.text().catch(() => '');
  if (!res.ok) {
    const retryAfter = Number(res.headers.get('retry-after'));
    return {
      kind: 'http',
      status: res.status,
      error: outcomeText(body) ?? res.statusText,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
    };
  }
  // A transaction either succeeds whole or fails whole; a 2xx must carry the transaction-response.
  const reply = parse(body) as Bundle | undefined;
  if (reply?.resourceType !== 'Bundle' || reply.type !== 'transaction-response')
    return { kind: 'http', status: res.status, error: 'the EMR answered 2xx without a transaction-response Bundle' };
  return { kind: 'delivered', acknowledgedAt: deps.now() };
}

export type DeliveryRound = { readonly delivered: string[]; readonly retrying: string[]; readonly rejected: string[] };

/** Sends every due entry once and records the outcome; the scheduler calls it again when the next is due. */
export async function drainOutbox(outbox: FhirOutbox, deps: SenderDeps, limit = 20): Promise<DeliveryRound> {
  const round: DeliveryRound = { delivered: [], retrying: [], rejected: [] };
  for (const entry of await outbox.due(deps.now(), limit)) {
    const attempts = entry.attempts + 1;
    const result = await postBundle(entry.bundle, deps);
    const d = decide(result, attempts, deps.policy, deps.random());
    if (d.action === 'done') {
      await outbox.recordDelivered(entry.id, attempts, d.acknowledgedAt);
      round.delivered.push(entry.id);
    } else if (d.action === 'retry') {
      const error = result.kind === 'delivered' ? '' : result.error;
      await outbox.recordRetry(entry.id, { attempts, error, nextAttemptAt: deps.now() + d.delayMs, alert: d.alert });
      round.retrying.push(entry.id);
    } else {
      await outbox.recordRejected(entry.id, { attempts, error: d.reason });
      round.rejected.push(entry.id);
    }
  }
  return round;
}

/** Sends one Bundle now, waiting between attempts (for a "send now" action); gives up only on a rejection. */
export async function deliverWithRetries(
  bundle: Bundle,
  deps: SenderDeps & { readonly sleep: (ms: number) => Promise<void>; readonly maxAttempts: number },
): Promise<{ acknowledgedAt: number; attempts: number } | { error: string; attempts: number }> {
  for (let attempts = 1; ; attempts += 1) {
    const result = await postBundle(bundle, deps);
    const d = decide(result, attempts, deps.policy, deps.random());
    if (d.action === 'done') return { acknowledgedAt: d.acknowledgedAt, attempts };
    if (d.action === 'reject') return { error: d.reason, attempts };
    if (attempts >= deps.maxAttempts) return { error: result.kind === 'delivered' ? '' : result.error, attempts };
    await deps.sleep(d.delayMs);
  }
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** The EMR's own words from an OperationOutcome, when it sent one. */
function outcomeText(body: string): string | undefined {
  const o = parse(body) as OperationOutcome | undefined;
  if (o?.resourceType !== 'OperationOutcome') return undefined;
  return o.issue
    .map((i) => [i.expression?.join(), i.details?.text ?? i.diagnostics].filter(Boolean).join(': '))
    .join('; ');
}
