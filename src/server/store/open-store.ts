// Chooses the store: PostgreSQL when DATABASE_URL is set, otherwise an SQLite file (zero set-up).
import { openPostgresStore } from './postgres.store';
import { openSqliteStore } from './sqlite.store';
import type { SyncStore } from './store';

export async function openStoreFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<SyncStore> {
  if (env.DATABASE_URL) return openPostgresStore(env.DATABASE_URL);
  return openSqliteStore(env.SQLITE_FILE ?? 'var/scancard.sqlite');
}
