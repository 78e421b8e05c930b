// PostgreSQL, for a site that outgrows one box (DATABASE_URL=postgres://…). Named locks are
// transaction-scoped advisory locks, released by COMMIT or ROLLBACK. 64-bit integers are read as
// numbers (epoch ms and sequence numbers stay far below 2^53), as SQLite gives them.
import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { asTransaction, guarded, type Dialect, type LockName } from './dialect';
import type { Database } from './schema';

const INT8 = 20;
const LOCKS: Record<LockName, number> = { push: 730_125, users: 730_126, migrate: 730_127, audit: 730_128 }; // any constants

export function openPostgresDialect(connectionString: string): Dialect {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text') =>
        oid === INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<Database>({
    dialect: guarded(new PostgresDialect({ pool })),
    plugins: [new CamelCasePlugin()],
  });

  const run = <T>(work: (trx: Kysely<Database>) => Promise<T>, lock?: LockName) =>
    db.transaction().execute((trx) =>
      asTransaction(async () => {
        if (lock) await sql`select pg_advisory_xact_lock(${LOCKS[lock]})`.execute(trx);
        return work(trx);
      }),
    );
  // Pushes wait their turn here, not holding a pool connection while blocked on the advisory lock,
  // so pulls keep getting connections under load.
  let pushQueue: Promise<unknown> = Promise.resolve();

  return {
    kind: 'postgres',
    db,
    transaction(work, lock) {
      if (lock !== 'push') return run(work, lock);
      const next = pushQueue.then(() => run(work, lock));
      pushQueue = next.catch(() => undefined);
      return next;
    },
    async lockIn(trx, lock) {
      await sql`select pg_advisory_xact_lock(${LOCKS[lock]})`.execute(trx);
    },
    rowsPerInsert: 500, // 9 parameters a row: well inside PostgreSQL's 65,535
    jsonText: (column, path) => sql<string | null>`(${column}::jsonb) #>> ${[...path]}::text[]`,
    ddl: {
      int64: 'bigint',
      flag: 'boolean',
      bytes: 'bytea',
      seq: { type: 'bigserial', define: (c) => c.primaryKey() },
      async appendOnly(d, table, message) {
        const fn = sql.id(`${table}_append_only`);
        await sql`create or replace function ${fn}() returns trigger language plpgsql as ${sql.raw(
          `$$ BEGIN RAISE EXCEPTION '${message.replaceAll("'", "''")}'; END $$`,
        )}`.execute(d);
        for (const [name, when, each] of [
          [`${table}_no_change`, 'update or delete', 'row'],
          [`${table}_no_truncate`, 'truncate', 'statement'],
        ] as const) {
          await sql`drop trigger if exists ${sql.id(name)} on ${sql.id(table)}`.execute(d);
          await sql`create trigger ${sql.id(name)} before ${sql.raw(when)} on ${sql.id(table)}
                    for each ${sql.raw(each)} execute function ${fn}()`.execute(d);
        }
      },
      async addColumnIfMissing(d, table, column, type) {
        await d.schema
          .alterTable(table)
          .addColumn(column, type, (c) => c.ifNotExists())
          .execute();
      },
    },
    async eraseFreedSpace(tables) {
      // VACUUM FULL writes each table anew, without the dead row versions an UPDATE or DELETE leaves.
      for (const t of tables) await sql`vacuum full ${sql.id(t)}`.execute(db);
    },
    close: () => db.destroy(),
  };
}
