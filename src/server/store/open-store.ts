// Opens the store: PostgreSQL when DATABASE_URL is set, otherwise an SQLite file (zero set-up).
// Opening migrates the database to this release's schema first (migrations/), adopting a database
// made before migrations existed.
import { currentSopQueries } from './current-sops.queries';
import type { Dialect } from './dialect';
import { deviceKeyQueries } from './device-keys.queries';
import { deviceQueries } from './devices.queries';
import { integrationQueries } from './integration.queries';
import { integrityQueries } from './integrity.queries';
import { loadMigrations, migrate } from './migrations/migrate';
import { openPostgresDialect } from './postgres.dialect';
import { projectionQueries } from './projections.queries';
import { reportQueries } from './reports.queries';
import { openSqliteDialect } from './sqlite.dialect';
import type { SyncStore } from './store';
import { syncQueries } from './sync.queries';
import { userQueries } from './users.queries';

export async function openStore(d: Dialect): Promise<SyncStore> {
  try {
    await migrate(d, await loadMigrations());
  } catch (e) {
    await d.close();
    throw e;
  }
  return {
    kind: d.kind,
    ...syncQueries(d),
    ...integrityQueries(d),
    ...deviceQueries(d),
    ...deviceKeyQueries(d),
    ...userQueries(d),
    ...reportQueries(d),
    ...projectionQueries(d),
    ...currentSopQueries(d),
    ...integrationQueries(d),
    close: () => d.close(),
  };
}

export const openSqliteStore = (file: string) => openStore(openSqliteDialect(file));
export const openPostgresStore = (connectionString: string) => openStore(openPostgresDialect(connectionString));

export function openStoreFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<SyncStore> {
  if (env.DATABASE_URL) return openPostgresStore(env.DATABASE_URL);
  return openSqliteStore(env.SQLITE_FILE ?? 'var/scancard.sqlite');
}
