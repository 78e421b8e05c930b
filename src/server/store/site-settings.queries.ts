// Site settings (migration 0012): one JSON document under "site", read by /api/config for every
// tablet, and each tablet's last push and pull (for the admin's devices list).
import type { SiteSettings } from '../../domain/settings/site-settings';
import type { Dialect } from './dialect';

type Tables = {
  siteSettings: { key: string; value: string; updatedAt: number; updatedBy: string | null };
  deviceSync: { deviceId: string; lastPushAt: number | null; lastPullAt: number | null };
};
/** Documents saved before the zone and the sign-off rule existed lack those two fields. */
export type StoredSiteSettings = Omit<SiteSettings, 'timeZone' | 'blockUnsignedCards'> &
  Partial<Pick<SiteSettings, 'timeZone' | 'blockUnsignedCards'>> & {
    readonly updatedAt: number;
    readonly updatedBy: string | null;
  };
export type DeviceSyncTimes = { readonly lastPushAt: number | null; readonly lastPullAt: number | null };

const SITE_KEY = 'site';
const num = (v: number | null) => (v === null ? null : Number(v));

export function siteSettingsQueries(d: Dialect) {
  const db = d.db.withTables<Tables>();
  return {
    /** The saved settings, or undefined while the site still runs on the defaults. */
    async siteSettings(): Promise<StoredSiteSettings | undefined> {
      const r = await db.selectFrom('siteSettings').selectAll().where('key', '=', SITE_KEY).executeTakeFirst();
      return (
        r && {
          ...(JSON.parse(r.value) as Omit<StoredSiteSettings, 'updatedAt' | 'updatedBy'>),
          updatedAt: Number(r.updatedAt),
          updatedBy: r.updatedBy,
        }
      );
    },
    async saveSiteSettings(s: SiteSettings, userId: string | null, now: number): Promise<void> {
      const { timerMinutes, idleLockSeconds, timeZone, blockUnsignedCards } = s;
      const value = JSON.stringify({ timerMinutes, idleLockSeconds, timeZone, blockUnsignedCards });
      await db
        .insertInto('siteSettings')
        .values({ key: SITE_KEY, value, updatedAt: now, updatedBy: userId })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updatedAt: now, updatedBy: userId }))
        .execute();
    },
    async noteDeviceSync(deviceId: string, kind: 'push' | 'pull', now: number): Promise<void> {
      const column = kind === 'push' ? 'lastPushAt' : 'lastPullAt';
      await db
        .insertInto('deviceSync')
        .values({ deviceId, lastPushAt: kind === 'push' ? now : null, lastPullAt: kind === 'pull' ? now : null })
        .onConflict((oc) => oc.column('deviceId').doUpdateSet({ [column]: now }))
        .execute();
    },
    async deviceSyncTimes(): Promise<Map<string, DeviceSyncTimes>> {
      const rows = await db.selectFrom('deviceSync').selectAll().execute();
      return new Map(rows.map((r) => [r.deviceId, { lastPushAt: num(r.lastPushAt), lastPullAt: num(r.lastPullAt) }]));
    },
    async renameDevice(deviceId: string, label: string): Promise<boolean> {
      const r = await d.db
        .updateTable('devices')
        .set({ label })
        .where('id', '=', deviceId)
        .where('revokedAt', 'is', null)
        .executeTakeFirst();
      return r.numUpdatedRows === 1n;
    },
  };
}
export type SiteSettingsStore = ReturnType<typeof siteSettingsQueries>;
