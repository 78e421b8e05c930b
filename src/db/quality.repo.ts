// Quality records on the tablet: the quality events this tablet holds (its own and pulled ones),
// opened (adverse events, overrides and image QC are sealed) and folded by the same pure projection
// the server runs. Roles come from the synced user directory, so both sides refuse the same moves.
import { can, type Role } from '../domain/auth/roles';
import type { Scanner } from '../domain/scanners/scanner';
import { projectQuality, type QualityEvent, type QualityState } from '../domain/quality/quality.projection';
import { compareEvents } from '../domain/run/run.event';
import type { Vault } from './crypto/vault';
import type { EventRecord, ScanCardDb } from './db';
import { openEvents } from './run-codec';

/** The registry's quality types (kept here as names so the first screen does not load the validator). */
export const QUALITY_TYPE_NAMES = new Set([
  'equipment.registered',
  'equipment.statusSet',
  'service.entryRecorded',
  'service.returnApproved',
  'qc.testSetDefined',
  'qc.resultRecorded',
  'qc.resultReviewed',
  'scanner.overrideRecorded',
  'imageQc.recorded',
  'adverse.reported',
  'adverse.amended',
  'adverse.statusChanged',
]);

/**
 * The streams quality events live in, by the registry's stream rules (quality.repo.test.ts holds
 * them to it): equipment and its QC, adverse reports, each tablet's image-QC log.
 */
export const QUALITY_STREAM_PREFIXES = ['equipment:', 'adverse:', 'imageqc:'] as const;

/**
 * Dexie only (for live queries): the stored quality events and the directory's roles. Read by their
 * streams' range of the stream index: scanning every event (runs' too) took 20 s on a tablet
 * holding a month of 4,110 runs.
 */
export async function qualitySources(db: ScanCardDb) {
  const inStreams = (prefix: string) =>
    db.events
      .where('[streamId+hlc]')
      .between([prefix, ''], [`${prefix}\uffff`, ''], true, false)
      .toArray();
  const [streams, users] = await Promise.all([
    Promise.all(QUALITY_STREAM_PREFIXES.map(inStreams)),
    db.directory.toArray(),
  ]);
  const records = streams.flat().filter((e) => QUALITY_TYPE_NAMES.has(e.type));
  return { records, roles: new Map(users.map((u) => [u.id, u.role])) };
}

/** Opens and projects (Web Crypto: outside any transaction). */
export async function projectStored(
  vault: Vault,
  src: { records: readonly EventRecord[]; roles: ReadonlyMap<string, Role> },
  legacyScanners: readonly Scanner[],
): Promise<QualityState> {
  const events = (await openEvents(vault, src.records)) as unknown as QualityEvent[];
  const role = (u: string): Role => src.roles.get(u) ?? 'technologist';
  return projectQuality(
    [...events].sort(compareEvents),
    { mayReview: (u) => can(role(u), 'quality.review'), mayManage: (u) => can(role(u), 'equipment.manage') },
    legacyScanners,
  );
}
