// A per-device quota on push volume (events and bytes per minute), so one rogue or broken tablet
// cannot fill the disk (the probe pushed ~640 MB a minute). Counted in memory over a sliding minute,
// before the body is parsed; a tablet over it gets 429 with Retry-After and sends again later (its
// sync treats 429 as "try later": nothing is set aside). The defaults are far above a busy tablet's
// catch-up after days offline (full 2 MB batches back to back take the byte limit only after 16).
import { HttpError } from './http-errors';

export type PushQuota = { readonly eventsPerMinute: number; readonly bytesPerMinute: number };
export const DEFAULT_PUSH_QUOTA: PushQuota = { eventsPerMinute: 20_000, bytesPerMinute: 32 * 1024 * 1024 };

const WINDOW_MS = 60_000;
type Use = { readonly at: number; readonly events: number; readonly bytes: number };

export function pushQuota(quota: PushQuota) {
  const byDevice = new Map<string, Use[]>();
  return {
    /** Counts this push against the device's minute, or throws 429 (nothing counted) when it would exceed it. */
    take(deviceId: string, events: number, bytes: number, now: number): void {
      const recent = (byDevice.get(deviceId) ?? []).filter((u) => u.at > now - WINDOW_MS);
      const used = recent.reduce((s, u) => ({ events: s.events + u.events, bytes: s.bytes + u.bytes }), {
        events: 0,
        bytes: 0,
      });
      const over =
        used.events + events > quota.eventsPerMinute
          ? `${quota.eventsPerMinute} events`
          : used.bytes + bytes > quota.bytesPerMinute
            ? `${quota.bytesPerMinute} bytes`
            : undefined;
      if (over) {
        const retryAfterMs = Math.max(1000, (recent[0]?.at ?? now) + WINDOW_MS - now);
        byDevice.set(deviceId, recent);
        throw new HttpError(
          429,
          `push quota of this tablet reached (${over} a minute): nothing was stored, send again in ${Math.ceil(retryAfterMs / 1000)} s`,
          undefined,
          { retryAfterMs },
        );
      }
      byDevice.set(deviceId, [...recent, { at: now, events, bytes }]);
    },
  };
}
