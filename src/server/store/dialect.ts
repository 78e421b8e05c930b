// What differs between SQLite and PostgreSQL, and nothing else: every query is written once against
// Kysely; these few pieces (transactions and locks, JSON field extraction, DDL types, the audit
// trigger) are the only SQL each dialect file supplies.
import type {
  ColumnDataType,
  ColumnDefinitionBuilder,
  Expression,
  Kysely,
  Dialect as KyselyDialect,
  RawBuilder,
} from 'kysely';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database } from './schema';

/**
 * Named locks a transaction can hold until it commits. `push`: pushes take turns, so sequence
 * numbers become visible in order (a pull "after N" never misses an event that committed late with
 * a smaller number). `users`: user changes read-then-write, and "only the first user" holds.
 * `migrate`: two servers starting at once migrate one after the other. `audit`: appends to the
 * audit chain take turns, each reading the entry before it (taken inside a push too, after `push`).
 */
export type LockName = 'push' | 'users' | 'migrate' | 'audit';

/** Column types for migrations: a 64-bit integer (epoch ms, counters), a flag, raw bytes. */
export type DdlTypes = {
  readonly int64: ColumnDataType;
  readonly flag: ColumnDataType;
  readonly bytes: ColumnDataType;
};

export type Dialect = {
  readonly kind: 'sqlite' | 'postgres';
  readonly db: Kysely<Database>;
  /** One transaction; use only `trx` inside (SQLite has one connection: the outer `db` would wait forever). */
  transaction<T>(work: (trx: Kysely<Database>) => Promise<T>, lock?: LockName): Promise<T>;
  /** Takes a named lock inside a transaction already open (held until it ends). */
  lockIn(trx: Kysely<Database>, lock: LockName): Promise<void>;
  /** Rows per INSERT for bulk writes: SQLite runs one prepared row at a time fastest, PostgreSQL wants few round trips. */
  readonly rowsPerInsert: number;
  /** The text at a fixed path (never user input) of a column holding JSON text; null when absent. */
  jsonText(column: Expression<string>, path: readonly string[]): RawBuilder<string | null>;
  readonly ddl: DdlTypes & {
    /** The `seq` column every append-only table is ordered by (the pull cursor for events). */
    readonly seq: { type: ColumnDataType; define(c: ColumnDefinitionBuilder): ColumnDefinitionBuilder };
    /** Makes the database itself refuse UPDATE and DELETE (and TRUNCATE, where it exists) on a table. */
    appendOnly(db: Kysely<unknown>, table: string, message: string): Promise<void>;
    /** Adds a column unless it is there (release 0.1 added `devices.dek` this way). */
    addColumnIfMissing(db: Kysely<unknown>, table: string, column: string, type: ColumnDataType): Promise<void>;
  };
  /**
   * Makes the old versions of rows that were updated or deleted in these tables unreadable in the
   * database's files (after sealing rows written in clear, after retention erases runs).
   */
  eraseFreedSpace(tables: readonly string[]): Promise<void>;
  close(): Promise<void>;
};

/** Splits an IN list so no statement carries more than a few hundred parameters. */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const openTransaction = new AsyncLocalStorage<{ open: boolean }>();

/** Runs a transaction's work so that a query on the outer `db` inside it fails at once (see `guarded`). */
export async function asTransaction<T>(work: () => Promise<T>): Promise<T> {
  const state = { open: true };
  try {
    return await openTransaction.run(state, work);
  } finally {
    state.open = false;
  }
}

/**
 * A query that takes a new connection from inside a transaction would wait forever on SQLite (one
 * connection) and run outside the transaction on PostgreSQL: refuse it with a clear message instead.
 */
export function guarded<D extends KyselyDialect>(dialect: D): D {
  const createDriver = dialect.createDriver.bind(dialect);
  dialect.createDriver = () => {
    const driver = createDriver();
    const acquire = driver.acquireConnection.bind(driver);
    driver.acquireConnection = () => {
      if (openTransaction.getStore()?.open)
        throw new Error('a query inside a store transaction did not use the transaction (use `trx`/`tx` inside it)');
      return acquire();
    };
    return driver;
  };
  return dialect;
}
