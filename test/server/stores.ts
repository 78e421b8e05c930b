// The stores every server test runs against: a real SQLite file, and a real PostgreSQL server when
// TEST_DATABASE_URL is set (.ci/run starts one). Each test gets an empty store of its own.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ephemeralKeyring } from '../../src/server/keys/keyring';
import { openPostgresStore, openSqliteStore } from '../../src/server/store/open-store';
import type { SyncStore } from '../../src/server/store/store';

export type StoreFactory = {
  name: 'sqlite' | 'postgres';
  open: () => Promise<{ store: SyncStore; dispose: () => Promise<void> }>;
};

const sqlite: StoreFactory = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'scancard-sqlite-'));
    const store = await openSqliteStore(join(dir, 'test.sqlite'));
    return {
      store,
      dispose: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

function postgres(url: string): StoreFactory {
  return {
    name: 'postgres',
    async open() {
      const schema = `t_${randomUUID().replace(/-/g, '')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      const u = new URL(url);
      u.searchParams.set('options', `-c search_path=${schema}`);
      const store = await openPostgresStore(u.toString(), ephemeralKeyring());
      return {
        store,
        dispose: async () => {
          await store.close();
          await admin.query(`DROP SCHEMA ${schema} CASCADE`);
          await admin.end();
        },
      };
    },
  };
}

const url = process.env.TEST_DATABASE_URL;
if (!url)
  console.warn('TEST_DATABASE_URL is not set: PostgreSQL server tests are skipped (CI runs them; see .ci/run).');

export const STORES: StoreFactory[] = url ? [sqlite, postgres(url)] : [sqlite];
