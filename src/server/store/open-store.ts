// Opens the store: PostgreSQL when DATABASE_URL is set, otherwise an SQLite file (zero set-up).
// Opening migrates the database to this release's schema first (migrations/), adopting a database
// made before migrations existed, then opens its data keys with the key-encryption keys (never in
// the database: a key file beside the data, or SCANCARD_KEK) and seals rows an older release left clear.
import { dirname, join } from 'node:path';
import { ephemeralKeyring, keyringFromEnv, keyringFromFile, type Keyring } from '../keys/keyring';
import { adoptLegacyAudit } from './adopt-legacy-audit';
import { auditChain, verifyChain } from './audit-chain';
import { currentSopQueries } from './current-sops.queries';
import type { Dialect } from './dialect';
import { deviceKeyQueries } from './device-keys.queries';
import { deviceQueries } from './devices.queries';
import { integrationQueries } from './integration.queries';
import { integrityQueries } from './integrity.queries';
import { loadMigrations, migrate } from './migrations/migrate';
import { openPostgresDialect } from './postgres.dialect';
import { projectionQueries } from './projections.queries';
import { qualityQueries } from '../quality/quality.queries';
import { reportQueries } from './reports.queries';
import { rekeyBookings } from './rekey-bookings';
import { sealClearIntegrationRows, sealClearRows } from './seal-clear-rows';
import { openAuditKey, openSealer, rewrapDataKeys } from './sealing';
import { siteSettingsQueries } from './site-settings.queries';
import { sopDraftQueries } from './sop-drafts.queries';
import { sopQueries } from './sops.queries';
import { retentionQueries } from './retention.queries';
import { openSqliteDialect } from './sqlite.dialect';
import type { SyncStore } from './store';
import { syncQueries } from './sync.queries';
import { totpQueries } from './totp.queries';
import { userQueries } from './users.queries';

export async function openStore(d: Dialect, keyring: Keyring): Promise<SyncStore> {
  let sealer, chain, auditKey;
  try {
    await migrate(d, await loadMigrations());
    auditKey = (await openAuditKey(d, keyring, Date.now())).key;
    chain = auditChain(d, auditKey);
    if ((await d.db.introspection.getTables()).some((t) => t.name === 'audit')) await adoptLegacyAudit(d, chain);
    const opened = await openSealer(d, keyring, Date.now());
    sealer = opened.sealer;
    if (opened.fresh) await sealClearRows(d, sealer);
    await sealClearIntegrationRows(d, sealer);
    await rekeyBookings(d, sealer);
  } catch (e) {
    await d.close();
    throw e;
  }
  const key = auditKey;
  return {
    kind: d.kind,
    ...syncQueries(d, sealer, chain),
    ...integrityQueries(d),
    ...deviceQueries(d, sealer),
    ...deviceKeyQueries(d, sealer),
    ...userQueries(d),
    ...reportQueries(d, chain),
    ...projectionQueries(d, sealer),
    ...currentSopQueries(d),
    ...sopQueries(d),
    ...sopDraftQueries(d),
    verifyAudit: () => verifyChain(d.db, key),
    rewrapDataKeys: (ring, now) => rewrapDataKeys(d, ring, now),
    ...retentionQueries(d, sealer),
    ...totpQueries(d, sealer),
    ...qualityQueries(d, sealer),
    ...integrationQueries(d, sealer),
    ...siteSettingsQueries(d),
    close: () => d.close(),
  };
}

/** The key file an SQLite database uses unless SCANCARD_KEK or SCANCARD_KEY_FILE says otherwise. */
export const keyFileBeside = (file: string) => join(dirname(file), 'scancard.key');

export const openSqliteStore = (file: string, keyring?: Keyring) =>
  openStore(
    openSqliteDialect(file),
    keyring ?? (file === ':memory:' ? ephemeralKeyring() : keyringFromFile(keyFileBeside(file))),
  );
export const openPostgresStore = (connectionString: string, keyring: Keyring) =>
  openStore(openPostgresDialect(connectionString), keyring);

/** The key file for this environment: SCANCARD_KEY_FILE, else beside the SQLite file (or var/ for PostgreSQL). */
export const keyFileFor = (env: NodeJS.ProcessEnv) =>
  env.SCANCARD_KEY_FILE ??
  (env.DATABASE_URL ? 'var/scancard.key' : keyFileBeside(env.SQLITE_FILE ?? 'var/scancard.sqlite'));

export const keyringFor = (env: NodeJS.ProcessEnv = process.env): Keyring => keyringFromEnv(env, keyFileFor(env));

export function openStoreFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<SyncStore> {
  if (env.DATABASE_URL) return openPostgresStore(env.DATABASE_URL, keyringFor(env));
  return openSqliteStore(env.SQLITE_FILE ?? 'var/scancard.sqlite', keyringFor(env));
}
