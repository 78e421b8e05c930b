// Test databases on both engines with raw access beside the store: to load the release-0.1 fixtures,
// read every row and describe the schema the way the database itself reports it (not through the
// code under test).
import BetterSqlite from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Dialect } from '../../src/server/store/dialect';
import { openStore } from '../../src/server/store/open-store';
import { openPostgresDialect } from '../../src/server/store/postgres.dialect';
import { openSqliteDialect } from '../../src/server/store/sqlite.dialect';

export type RawDb = {
  exec(sql: string): Promise<unknown>;
  /** Every row, in primary-key order. */
  rows(table: string): Promise<Record<string, unknown>[]>;
  /** Tables, columns, indexes, constraints and triggers, one line each. */
  schema(): Promise<string[]>;
  close(): Promise<void>;
};
export type TestDb = {
  raw(): Promise<RawDb>;
  dialect(): Dialect;
  dispose(): Promise<void>;
  /** A backup as IT takes one (SQLite: a consistent copy of the file; PostgreSQL: pg_dump), while in use. */
  backup(): Promise<void>;
  /** Replaces the database with the last backup (close every store on it first). */
  restore(): Promise<void>;
};
export type Engine = { name: 'sqlite' | 'postgres'; create(fixture?: 'release-0.1'): Promise<TestDb> };

export const openTestStore = (db: TestDb) => openStore(db.dialect());

export const KEYS: Record<string, string> = {
  devices: 'id',
  enrollment_codes: 'code_hash',
  events: 'seq',
  batches: 'batch_id',
  sops: 'seq',
  users: 'id',
  user_tokens: 'token_hash',
  audit: 'seq',
};
const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));
const squash = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

const sqlite: Engine = {
  name: 'sqlite',
  async create(fixture) {
    const dir = mkdtempSync(join(tmpdir(), 'scancard-upgrade-'));
    const file = join(dir, 'site.sqlite');
    if (fixture) copyFileSync(join(FIXTURES, `${fixture}.sqlite`), file);
    const backupFile = join(dir, 'backup.sqlite');
    return {
      dialect: () => openSqliteDialect(file),
      async backup() {
        rmSync(backupFile, { force: true });
        const db = new BetterSqlite(file);
        db.exec(`VACUUM INTO '${backupFile}'`);
        db.close();
      },
      async restore() {
        for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
        copyFileSync(backupFile, file);
      },
      async raw() {
        const db = new BetterSqlite(file);
        const all = (q: string, ...args: unknown[]) => db.prepare(q).all(...args) as Record<string, unknown>[];
        return {
          exec: async (q) => db.exec(q),
          rows: async (t) => all(`SELECT * FROM ${t} ORDER BY ${KEYS[t]}`),
          async schema() {
            const lines: string[] = [];
            const tables = all(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
            for (const { name: t } of tables.sort((a, b) => String(a.name).localeCompare(String(b.name)))) {
              for (const c of all('SELECT * FROM pragma_table_info(?)', t))
                lines.push(
                  `${t}.${c.name} ${squash(String(c.type))} notnull=${c.notnull} default=${c.dflt_value} pk=${c.pk}`,
                );
              for (const i of all('SELECT * FROM pragma_index_list(?) ORDER BY name', t)) {
                const cols = all('SELECT name FROM pragma_index_info(?) ORDER BY seqno', i.name).map((c) => c.name);
                lines.push(`${t} index ${i.name} unique=${i.unique} origin=${i.origin} (${cols.join(', ')})`);
              }
              for (const f of all('SELECT * FROM pragma_foreign_key_list(?)', t))
                lines.push(`${t}.${f.from} references ${f.table}(${f.to})`);
            }
            for (const tr of all(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`))
              lines.push(`trigger ${tr.name}: ${squash(String(tr.sql))}`);
            return lines;
          },
          close: async () => void db.close(),
        };
      },
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

function postgres(url: string): Engine {
  return {
    name: 'postgres',
    async create(fixture) {
      const schema = `t_${randomUUID().replace(/-/g, '')}`;
      const u = new URL(url);
      u.searchParams.set('options', `-c search_path=${schema}`);
      const inSchema = u.toString();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      const raw = async (): Promise<RawDb> => {
        const c = new pg.Client({ connectionString: inSchema });
        await c.connect();
        const all = async (q: string) => (await c.query<Record<string, unknown>>(q)).rows;
        const unschema = (s: unknown) => squash(String(s).replaceAll(`${schema}.`, ''));
        return {
          exec: (q) => c.query(q),
          rows: (t) => all(`SELECT * FROM ${t} ORDER BY ${KEYS[t]}`),
          async schema() {
            const columns = await all(`SELECT table_name, column_name, data_type, is_nullable, column_default
              FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`);
            const indexes = await all(
              `SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`,
            );
            const constraints =
              await all(`SELECT conrelid::regclass::text AS t, conname, pg_get_constraintdef(oid) AS def
              FROM pg_constraint WHERE connamespace = current_schema()::regnamespace ORDER BY conname`);
            const triggers = await all(`SELECT tgname, pg_get_triggerdef(t.oid) AS def FROM pg_trigger t
              JOIN pg_class r ON r.oid = t.tgrelid WHERE NOT tgisinternal AND r.relnamespace = current_schema()::regnamespace ORDER BY tgname`);
            const functions = await all(
              `SELECT proname, prosrc FROM pg_proc WHERE pronamespace = current_schema()::regnamespace ORDER BY proname`,
            );
            return [
              ...columns.map(
                (c) =>
                  `${c.table_name}.${c.column_name} ${c.data_type} null=${c.is_nullable} default=${c.column_default}`,
              ),
              ...indexes.map((i) => unschema(i.indexdef)),
              ...constraints.map((k) => `${k.t} ${k.conname}: ${k.def}`),
              ...triggers.map((t) => `trigger ${t.tgname}: ${unschema(t.def)}`),
              ...functions.map((f) => `function ${f.proname}: ${squash(String(f.prosrc))}`),
            ];
          },
          close: () => c.end(),
        };
      };
      if (fixture) {
        const load = await raw();
        await load.exec(readFileSync(join(FIXTURES, `${fixture}.postgres.sql`), 'utf8'));
        await load.close();
      }
      let dump = '';
      return {
        dialect: () => openPostgresDialect(inSchema),
        raw,
        async backup() {
          dump = execFileSync('pg_dump', ['--schema', schema, '--no-owner', url], { encoding: 'utf8' });
        },
        async restore() {
          await admin.query(`DROP SCHEMA ${schema} CASCADE`);
          execFileSync('psql', ['--quiet', '--set', 'ON_ERROR_STOP=1', url], {
            input: dump,
            stdio: ['pipe', 'ignore', 'pipe'],
          });
        },
        async dispose() {
          await admin.query(`DROP SCHEMA ${schema} CASCADE`);
          await admin.end();
        },
      };
    },
  };
}

const url = process.env.TEST_DATABASE_URL;
export const ENGINES: Engine[] = url ? [sqlite, postgres(url)] : [sqlite];
