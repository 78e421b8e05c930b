// The site's standards for every tablet (timer lengths, idle-lock time): an administrator on a tablet
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
});

/** What the site runs on: the saved settings, else the defaults (idle lock from the server's start option). */
export async function effectiveSiteSettings(store: SyncStore, defaultIdleLockMs: number): Promise<SiteSettings> {
  const saved = await store.siteSettings();
  if (saved) return { timerMinutes: saved.timerMinutes, idleLockSeconds: saved.idleLockSeconds };
  return { ...DEFAULT_SITE_SETTINGS, idleLockSeconds: Math.round(defaultIdleLockMs / 1000) };
}

/** "warmupCt 3 -> 4 min, idle lock 120 -> 90 s": the audit entry says exactly what changed. */
export function describeChange(before: SiteSettings, after: SiteSettings): string {
  const parts = TIMER_IDS.filter((id) => before.timerMinutes[id] !== after.timerMinutes[id]).map(
    (id) => `${id} ${before.timerMinutes[id]} -> ${after.timerMinutes[id]} min`,
  );
  if (before.idleLockSeconds !== after.idleLockSeconds)
    parts.push(`idle lock ${before.idleLockSeconds} -> ${after.idleLockSeconds} s`);
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
      defaults: { ...DEFAULT_SITE_SETTINGS, idleLockSeconds: Math.round(opts.idleLockMs / 1000) },
      bounds: { timerMinutes: TIMER_MINUTE_BOUNDS, idleLockSeconds: IDLE_LOCK_BOUNDS },
      updatedAt: saved?.updatedAt ?? null,
      updatedBy: saved?.updatedBy ?? null,
    };
  });

  app.put('/api/admin/site-settings', async (req) => {
    const s = await requireUser(opts, req, 'settings.manage');
    const next = parseOr400(siteSettingsSchema, req.body, 'site settings');
    const before = await effectiveSiteSettings(store, opts.idleLockMs);
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
