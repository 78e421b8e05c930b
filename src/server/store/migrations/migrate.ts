// Numbered migrations: each file in this folder named NNNN-what.ts exports `migration`. They run in
// name order, each once, recorded in the `migrations` table. All pending ones run in one transaction
// under the migrate lock (Kysely's own Migrator runs SQLite migrations outside a transaction), so a
// failed upgrade leaves the database as it was, and two servers starting at once cannot both migrate.
import type { Kysely } from 'kysely';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Dialect } from '../dialect';

export type Migration = {
  /** Schema changes only through `db.schema` and `ddl` (the dialect's types and triggers). */
  up(db: Kysely<unknown>, ddl: Dialect['ddl']): Promise<void>;
};
export type NamedMigration = Migration & { readonly name: string };

const FILE = /^(\d{4}-[a-z0-9-]+)\.[jt]s$/;

export async function loadMigrations(dir = dirname(fileURLToPath(import.meta.url))): Promise<NamedMigration[]> {
  const files = readdirSync(dir)
    .filter((f) => FILE.test(f))
    .sort();
  return Promise.all(
    files.map(async (f) => {
      const { migration } = (await import(pathToFileURL(join(dir, f)).href)) as { migration?: Migration };
      if (!migration) throw new Error(`migration ${f} does not export "migration"`);
      return { name: FILE.exec(f)![1]!, up: migration.up };
    }),
  );
}

/** Applies what is pending and returns its names; refuses a database migrated by a newer release. */
export async function migrate(d: Dialect, migrations: readonly NamedMigration[], now = Date.now()): Promise<string[]> {
  return d.transaction(async (trx) => {
    await trx.schema
      .createTable('migrations')
      .ifNotExists()
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('applied_at', d.ddl.int64, (c) => c.notNull())
      .execute();
    const applied = new Set((await trx.selectFrom('migrations').select('name').execute()).map((r) => r.name));
    const unknown = [...applied].filter((name) => !migrations.some((m) => m.name === name));
    if (unknown.length)
      throw new Error(
        `the database was migrated by a newer ScanCard (${unknown.join(', ')}): run that release or a newer one`,
      );
    const pending = migrations.filter((m) => !applied.has(m.name));
    for (const m of pending) {
      await m.up(trx as unknown as Kysely<unknown>, d.ddl);
      await trx.insertInto('migrations').values({ name: m.name, appliedAt: now }).execute();
    }
    return pending.map((m) => m.name);
  }, 'migrate');
}
