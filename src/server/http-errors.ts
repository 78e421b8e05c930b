// Every bad request gets a 4xx with a message a tablet (or an IT person reading it) can act on.
import { z } from 'zod';

export class HttpError extends Error {
  /** `extra` fields go into the body beside `error` (e.g. retryAfterMs, lockedUntil). */
  constructor(
    readonly status: number,
    message: string,
    readonly details?: string[],
    readonly extra?: Record<string, number | string>,
  ) {
    super(message);
  }
}

/** Parses with a zod schema or throws a 400 that lists each problem by field path. */
export function parseOr400<S extends z.ZodType>(schema: S, data: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const details = r.error.issues.slice(0, 20).map((i) => {
    const path = i.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '');
    const message = i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message;
    return `${path || '(body)'}: ${message}`;
  });
  throw new HttpError(400, `invalid ${what}`, details);
}

/** For routes that take no body ({} or nothing) or no query string: anything else is a 400. */
export const noBody = z.union([z.undefined(), z.null(), z.strictObject({})]);
export const noQuery = z.strictObject({});
