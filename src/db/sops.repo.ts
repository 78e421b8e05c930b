// SOP versions that did not ship with the app (imported JSON now, published by the department
// server later). A version, once stored, never changes: runs pin (id, version).
import type { SopDefinition } from '../domain/sop/sop.schema';
import type { ScanCardDb, SopRow } from './db';
import { guardStorage } from './storage-errors';

export class SopConflictError extends Error {
  override name = 'SopConflictError';
}

export async function storedSops(db: ScanCardDb): Promise<SopRow[]> {
  return db.sops.toArray();
}

/** Stores a validated definition. Re-importing the identical version is a no-op. */
export async function addSopVersion(
  db: ScanCardDb,
  sop: SopDefinition,
  builtIns: readonly SopDefinition[],
  now: number,
): Promise<'added' | 'unchanged'> {
  const same = (a: SopDefinition) => JSON.stringify(a) === JSON.stringify(sop);
  const builtIn = builtIns.find((b) => b.id === sop.id && b.version === sop.version);
  if (builtIn) {
    if (same(builtIn)) return 'unchanged';
    throw new SopConflictError(
      `${sop.id} version ${sop.version} is a built-in card: give your edited card a higher version`,
    );
  }
  return guardStorage(() =>
    db.transaction('rw', db.sops, async () => {
      const existing = await db.sops.get([sop.id, sop.version]);
      if (existing) {
        if (same(existing.definition)) return 'unchanged';
        throw new SopConflictError(
          `${sop.id} version ${sop.version} already exists with different content: give the new card a higher version`,
        );
      }
      await db.sops.add({ id: sop.id, version: sop.version, definition: sop, source: 'import', addedAt: now });
      return 'added';
    }),
  );
}

/** Demo mode offers every card of the library: the imported and published ones are copied into its database. */
export async function copyStoredSops(from: ScanCardDb, to: ScanCardDb): Promise<void> {
  const rows = await from.sops.toArray();
  if (rows.length) await to.sops.bulkPut(rows);
}
