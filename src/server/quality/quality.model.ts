// The server's quality read model: every quality event of the log, in log order, through the same
// pure projection the tablets run (src/domain/quality), with roles from the server's own users.
// Computed per request: the quality log is small, and nothing can drift from the events.
import { can } from '../../domain/auth/roles';
import { QUALITY_EVENT_TYPES } from '../../domain/events/registry';
import { projectQuality, type QualityState } from '../../domain/quality/quality.projection';
import { compareEvents } from '../../domain/run/run.event';
import { DEFAULT_SCANNERS } from '../../domain/scanners/scanner';
import type { SyncStore } from '../store/store';

export const QUALITY_TYPES = QUALITY_EVENT_TYPES.map((e) => e.type);

export async function qualityState(store: SyncStore): Promise<QualityState> {
  const [logged, users] = await Promise.all([store.qualityEvents(QUALITY_TYPES), store.listUsers()]);
  const roleOf = new Map(users.map((u) => [u.id, u.role]));
  const events = [...logged].sort(compareEvents);
  return projectQuality(
    events,
    {
      mayReview: (u) => can(roleOf.get(u) ?? 'technologist', 'quality.review'),
      mayManage: (u) => can(roleOf.get(u) ?? 'technologist', 'equipment.manage'),
    },
    DEFAULT_SCANNERS,
  );
}
