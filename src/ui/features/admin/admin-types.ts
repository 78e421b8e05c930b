// What the admin routes answer (src/server/routes/users.routes.ts, devices.routes.ts, site-settings.routes.ts).
import type { Role } from '../../../domain/auth/roles';
import type { SiteSettings } from '../../../domain/settings/site-settings';

export type AdminUser = {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly active: boolean;
  readonly failures: number;
  readonly lockedUntil: number | null;
};
export type AdminDevice = {
  readonly id: string;
  readonly label: string;
  readonly enrolledAt: number;
  readonly revokedAt: number | null;
  readonly lastPushAt: number | null;
  readonly lastPullAt: number | null;
};
export type SiteSettingsAnswer = {
  readonly settings: SiteSettings;
  readonly defaults: SiteSettings;
  readonly updatedAt: number | null;
};
