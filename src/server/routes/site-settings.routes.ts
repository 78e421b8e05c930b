// The site's standards for every tablet (timer lengths, idle-lock time, time zone, whether unsigned
// cards block an exam start): an administrator on a tablet
// reads and changes them; each change is audited with what changed. Tablets receive them through
// GET /api/config (sync.routes.ts) and start new timers and the idle lock with them.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  DEFAULT_SITE_SETTINGS,
  IDLE_LOCK_BOUNDS,
  TIMER_MINUTE_BOUNDS,
  type SiteSettings,
} from '../../domain/settings/site-settings';
import { canonicalTimeZone } from '../../domain/settings/site-time-zone';
import { TIMER_IDS, type TimerId } from '../../domain/sop/timer-ids';
import { noQuery, parseOr400 } from '../http-errors';
import type { SyncStore } from '../store/store';
import { audit, requireUser, type AuthContext } from '../user-auth';

const minutes = (id: TimerId) => {
  const { min, max } = TIMER_MINUTE_BOUNDS[id];
  const bounds = `must be whole minutes from ${min} to ${max}`;
  return z.number(bounds).int(bounds).min(min, bounds).max(max, bounds);
};
const idleBounds = `must be whole seconds from ${IDLE_LOCK_BOUNDS.min} to ${IDLE_LOCK_BOUNDS.max}`;
export const siteSettingsSchema = z.strictObject({
  timerMinutes: z.strictObject(
    Object.fromEntries(TIMER_IDS.map((id) => [id, minutes(id)])) as Record<TimerId, ReturnType<typeof minutes>>,
  ),
  idleLockSeconds: z
    .number(idleBounds)
    .int(idleBounds)
    .min(IDLE_LOCK_BOUNDS.min, idleBounds)
    .max(IDLE_LOCK_BOUNDS.max, idleBounds),
  // Optional so an older admin screen's save keeps what was set (a missing field is not a reset).
  timeZone: z.optional(
    z
      .string('must be a time zone name such as Europe/Berlin')
      .refine((v) => canonicalTimeZone(v) !== undefined, 'must be a time zone name such as Europe/Berlin'),
  ),
  blockUnsignedCards: z.optional(z.boolean('must be true or false')),
});

/** The zone the server runs in: the site's until an administrator sets one. */
export const serverTimeZone = () => canonicalTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone) ?? 'UTC';
const defaultsFor = (defaultIdleLockMs: number): SiteSettings => ({
  ...DEFAULT_SITE_SETTINGS,
  idleLockSeconds: Math.round(defaultIdleLockMs / 1000),
  timeZone: serverTimeZone(),
});

/** What the site runs on: the saved settings, else the defaults (idle lock from the server's start option). */
export async function effectiveSiteSettings(store: SyncStore, defaultIdleLockMs: number): Promise<SiteSettings> {
  const saved = await store.siteSettings();
  const defaults = defaultsFor(defaultIdleLockMs);
  if (!saved) return defaults;
  // Saved before the zone and the sign-off rule existed: those two keep their defaults.
  return {
    timerMinutes: saved.timerMinutes,
    idleLockSeconds: saved.idleLockSeconds,
    timeZone: canonicalTimeZone(saved.timeZone) ?? defaults.timeZone,
    blockUnsignedCards: typeof saved.blockUnsignedCards === 'boolean' ? saved.blockUnsignedCards : false,
  };
}

/** "warmupCt 3 -> 4 min, idle lock 120 -> 90 s": the audit entry says exactly what changed. */
export function describeChange(before: SiteSettings, after: SiteSettings): string {
  const parts = TIMER_IDS.filter((id) => before.timerMinutes[id] !== after.timerMinutes[id]).map(
    (id) => `${id} ${before.timerMinutes[id]} -> ${after.timerMinutes[id]} min`,
  );
  if (before.idleLockSeconds !== after.idleLockSeconds)
    parts.push(`idle lock ${before.idleLockSeconds} -> ${after.idleLockSeconds} s`);
  if (before.timeZone !== after.timeZone) parts.push(`time zone ${before.timeZone} -> ${after.timeZone}`);
  const onOff = (b: boolean) => (b ? 'on' : 'off');
  if (before.blockUnsignedCards !== after.blockUnsignedCards)
    parts.push(`block unsigned cards ${onOff(before.blockUnsignedCards)} -> ${onOff(after.blockUnsignedCards)}`);
  return parts.join(', ') || 'saved unchanged';
}

export function siteSettingsRoutes(app: FastifyInstance, opts: AuthContext & { readonly idleLockMs: number }) {
  const { store, now } = opts;

  app.get('/api/admin/site-settings', async (req) => {
    await requireUser(opts, req, 'settings.manage');
    parseOr400(noQuery, req.query, 'query');
    const saved = await store.siteSettings();
    return {
      settings: await effectiveSiteSettings(store, opts.idleLockMs),
      defaults: defaultsFor(opts.idleLockMs),
      bounds: { timerMinutes: TIMER_MINUTE_BOUNDS, idleLockSeconds: IDLE_LOCK_BOUNDS },
      updatedAt: saved?.updatedAt ?? null,
      updatedBy: saved?.updatedBy ?? null,
    };
  });

  app.put('/api/admin/site-settings', async (req) => {
    const s = await requireUser(opts, req, 'settings.manage');
    const body = parseOr400(siteSettingsSchema, req.body, 'site settings');
    const before = await effectiveSiteSettings(store, opts.idleLockMs);
    // Stored in the canonical spelling ("europe/berlin" -> "Europe/Berlin"): every tablet compares one name.
    const next: SiteSettings = {
      timerMinutes: body.timerMinutes,
      idleLockSeconds: body.idleLockSeconds,
      timeZone: body.timeZone === undefined ? before.timeZone : canonicalTimeZone(body.timeZone)!,
      blockUnsignedCards: body.blockUnsignedCards ?? before.blockUnsignedCards,
    };
    await store.saveSiteSettings(next, s.user.id, now());
    await audit(opts, 'settings.change', {
      userId: s.user.id,
      deviceId: s.device.id,
      subject: 'site',
      detail: describeChange(before, next),
    });
    return { settings: next };
  });
}
