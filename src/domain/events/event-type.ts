// What the app knows about one event type: one entry per type, and the only place a type is
// described. The wire schema, the tablet's storage (sealed or not), the tablet's merge and the
// server's checks and projections all read these entries; nothing matches on type-name prefixes.
import type * as z from 'zod/mini';
import type { Permission } from '../auth/roles';
import type { EventMeta } from '../run/run.event';

/**
 * How an event's streamId follows from it:
 * - `run`: the id (a UUID) of the run it belongs to; `opens` names the payload's run id when the
 *   event creates that run (the server then needs no earlier event of the stream).
 * - `derived`: fixed by the payload and the recording device, e.g. `scanner:<id>`, `audit:<device>`.
 */
export type StreamRule<P> =
  | { readonly kind: 'run'; readonly opens?: (payload: P) => string }
  | { readonly kind: 'derived'; readonly streamId: (payload: P, device: string) => string };

export type EventType<T extends string = string, P = unknown> = {
  readonly type: T;
  /** Strict (unknown fields are errors) and never transforming: what is stored is what was sent. */
  readonly payload: z.ZodMiniType<P>;
  readonly stream: StreamRule<P>;
  /** Holds patient data (identity, free text): sealed at rest on the tablet. */
  readonly sensitive: boolean;
  /** The snapshot the tablet rebuilds when the event arrives. */
  readonly tablet: 'run' | 'scanner' | 'none';
  /** The read model the server projects it into. */
  readonly server: 'run' | 'scanner' | 'audit' | 'quality' | 'none';
  /** The SOP version the payload pins: a server must hold it before it stores the event. */
  readonly pinsSop?: (payload: P) => { readonly id: string; readonly version: number };
  /**
   * A move only some roles may make (review, approval, register change): the server stores it only
   * from its author, signed in on the pushing tablet, holding one of `anyOf`. `by` and `move` word the refusal.
   */
  readonly requires?: {
    readonly anyOf: readonly Permission[];
    readonly by: string;
    readonly move: string;
    /** The payload field naming who made the move (a sign-off's assessor): it must be the event's author. */
    readonly authorField?: keyof P & string;
  };
  /** A valid payload: documents the type, and registry-wide tests write one of each. */
  readonly example: P;
};

/** Loose on the payload type, so entries of different types can share one list. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEventType = EventType<string, any>;

export type PayloadOf<E> = E extends EventType<string, infer P> ? P : never;

/** The event an entry describes: the shared envelope, its type and its payload. */
export type EventOf<E> =
  E extends EventType<infer T, infer P> ? EventMeta & { readonly type: T; readonly payload: P } : never;

export const defineEventType = <T extends string, P>(entry: EventType<T, P>): EventType<T, P> => entry;
