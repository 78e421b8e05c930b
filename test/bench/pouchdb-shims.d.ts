// The little of pouchdb 9, pouchdb-adapter-memory, express-pouchdb 4 and express 4 that the sync
// benchmark uses (benchmark-only devDependencies without bundled types).
declare module 'pouchdb' {
  type ReplicationResult = {
    ok: boolean;
    docs_read: number;
    docs_written: number;
    doc_write_failures: number;
    errors: unknown[];
  };
  interface Database {
    bulkDocs(docs: readonly object[]): Promise<unknown[]>;
    info(): Promise<{ doc_count: number; update_seq: number | string }>;
    destroy(): Promise<unknown>;
  }
  interface PouchDBStatic {
    new (name: string, options?: object): Database;
    plugin(plugin: unknown): PouchDBStatic;
    defaults(options: object): PouchDBStatic;
    replicate(source: Database, target: Database, options?: object): Promise<ReplicationResult>;
  }
  const PouchDB: PouchDBStatic;
  export default PouchDB;
}

declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}

declare module 'express-pouchdb' {
  /** An express sub-app serving the CouchDB replication protocol for databases of this PouchDB. */
  export default function expressPouchDB(
    pouchDB: unknown,
    options?: { mode?: 'minimumForPouchDB' | 'fullCouchDB'; inMemoryConfig?: boolean; logPath?: string },
  ): unknown;
}

declare module 'express' {
  import type { Server } from 'node:http';
  interface Application {
    use(path: string, handler: unknown): Application;
    listen(port: number, host: string, callback?: () => void): Server;
  }
  export default function express(): Application;
}
