// Retention's archive: an event of a sensitive type (the registry's word: patient identity, free
// text) keeps its envelope — id, stream, type, device, numbers, clocks, who recorded it — and loses
// its whole payload for a marked redaction. Events of types that hold no patient data stay as they are.
import { isSensitive } from './registry';

/** What stands in for a removed payload: when, and why. */
export type Redaction = { readonly redacted: 'retention'; readonly at: number };

export const isRedacted = (payload: unknown): payload is Redaction =>
  typeof payload === 'object' && payload !== null && (payload as { redacted?: unknown }).redacted === 'retention';

/** The event as archived at `at`: the same object for a type without patient data. */
export function redactEvent<E extends { readonly type: string; readonly payload: unknown }>(
  event: E,
  at: number,
): E | (Omit<E, 'payload'> & { readonly payload: Redaction }) {
  if (!isSensitive(event.type) || isRedacted(event.payload)) return event;
  return { ...event, payload: { redacted: 'retention', at } };
}
