// Embedded SQLite (the zero-setup default): one file, WAL, synchronous=FULL. There is one connection
// and Kysely's driver lends it to one caller at a time, so a transaction holds it from BEGIN to
// COMMIT: no other request's statements interleave with (or read the uncommitted rows of) a push,
// which also makes every transaction hold every lock.
import BetterSqlite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import { privateFile } from '../private-files';
import { asTransaction, guarded, type Dialect } from './dialect';
import type { Database } from './schema';

export function openSqliteDialect(file: string): Dialect {
  if (file !== ':memory:') privateFile(file); // 0600 in a 0700 folder; SQLite gives its WAL the same mode
  const raw = new BetterSqlite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL'); // an acknowledged event must survive a power cut
  raw.pragma('foreign_keys = ON');
  raw.pragma('secure_delete = ON'); // deleted and overwritten row content is zeroed, not left in free pages
  const db = new Kysely<Database>({
    dialect: guarded(new SqliteDialect({ database: withStatementCache(raw) })),
    plugins: [new CamelCasePlugin()],
  });

  return {
    kind: 'sqlite',
    db,
    transaction(work) {
      return db.connection().execute(async (conn) => {
        // IMMEDIATE takes the write lock up front: another process on the file (the CLI) waits for it
        // (busy timeout) instead of failing half-way through.
        await sql`begin immediate`.execute(conn);
        try {
          const result = await asTransaction(() => work(conn));
          await sql`commit`.execute(conn);
          return result;
        } catch (e) {
          await sql`rollback`.execute(conn).catch(() => undefined);
          throw e;
        }
      });
    },
    lockIn: async () => undefined, // a transaction here already holds the only connection and the write lock
    rowsPerInsert: 1,
    jsonText: (column, path) => sql<string | null>`json_extract(${column}, ${`$.${path.join('.')}`})`,
    ddl: {
      int64: 'integer',
      flag: 'integer',
      bytes: 'blob',
      seq: { type: 'integer', define: (c) => c.primaryKey().autoIncrement() },
      async appendOnly(d, table, message) {
        for (const op of ['update', 'delete'] as const) {
          const name = sql.id(`${table}_no_${op}`);
          await sql`drop trigger if exists ${name}`.execute(d);
          await sql`create trigger ${name} before ${sql.raw(op)} on ${sql.id(table)}
                    begin select raise(abort, ${sql.lit(message)}); end`.execute(d);
        }
      },
      async addColumnIfMissing(d, table, column, type) {
        const columns = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(d);
        if (!columns.rows.some((c) => c.name === column))
          await d.schema.alterTable(table).addColumn(column, type).execute();
      },
    },
    async eraseFreedSpace() {
      // Old page images live on in the WAL until a checkpoint; VACUUM rebuilds the file without free pages.
      await db.connection().execute(async (conn) => {
        await sql`pragma wal_checkpoint(truncate)`.execute(conn);
        await sql`vacuum`.execute(conn);
        await sql`pragma wal_checkpoint(truncate)`.execute(conn);
      });
    },
    async close() {
      await db.connection().execute(async () => undefined); // waits for a running transaction
      await db.destroy();
    },
  };
}

/** Kysely prepares every statement it runs (15-20 µs each here): prepare each distinct SQL text once. */
function withStatementCache(raw: BetterSqlite.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite.Statement>();
  return {
    prepare(text) {
      let statement = cache.get(text);
      if (!statement) {
        if (cache.size >= 500) cache.clear(); // IN lists of every length each have their own text
        cache.set(text, (statement = raw.prepare(text)));
      }
      return statement;
    },
    close: () => raw.close(),
  };
}
