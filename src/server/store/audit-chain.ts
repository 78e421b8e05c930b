// The audit trail: server and tablet entries in one append-only table, each entry numbered and
// chained to the one before by an HMAC (SHA-256) whose key is wrapped by the key-encryption key,
// so an edit, a deletion, a reordering or a forged entry shows on verification, even one made by
// someone who can write to the database (they do not hold the key). Entries are attributed by the
// server: the signed-in session and the authenticated device; a tablet's own word on who and when
// is kept beside, as its claim.
import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import { eventType } from '../../domain/events/registry';
import type { AuditEntry } from '../../domain/sync/protocol.schema';
import { canonicalJson } from '../canonical-json';
import { chunks, type Dialect } from './dialect';
import type { Database } from './schema';
import type { NewAuditEntry } from './store';

type ChainRow = Database['auditLog'];
type Fields = Omit<ChainRow, 'mac'>;

const VERSION = 'scancard-audit-v1';
const GENESIS = '';
const PAGE = 1000;

export function entryMac(key: Buffer, previous: string, e: Fields): string {
  const fields: Fields = {
    seq: e.seq,
    id: e.id,
    at: e.at,
    source: e.source,
    userId: e.userId,
    deviceId: e.deviceId,
    action: e.action,
    subject: e.subject,
    detail: e.detail,
    claimedUser: e.claimedUser,
    claimedAt: e.claimedAt,
  };
  return createHmac('sha256', key)
    .update(`${VERSION}\n${previous}\n${canonicalJson(fields)}`)
    .digest('hex');
}

const fieldsOf = (e: NewAuditEntry): Omit<Fields, 'seq'> => ({
  id: e.id,
  at: e.at,
  source: e.source ?? 'server',
  userId: e.userId ?? null,
  deviceId: e.deviceId ?? null,
  action: e.action,
  subject: e.subject ?? null,
  detail: e.detail ?? null,
  claimedUser: e.claimedUser ?? null,
  claimedAt: e.claimedAt ?? null,
});

export type AuditChain = {
  /** Appends inside an open transaction (taking the audit lock there), numbered and chained. */
  append(trx: Kysely<Database>, entries: readonly NewAuditEntry[]): Promise<void>;
};

export function auditChain(d: Dialect, key: Buffer): AuditChain {
  return {
    async append(trx, entries) {
      if (!entries.length) return;
      await d.lockIn(trx, 'audit');
      const last = await trx
        .selectFrom('auditLog')
        .select(['seq', 'mac'])
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      let seq = last?.seq ?? 0;
      let previous = last?.mac ?? GENESIS;
      const rows = entries.map((e): ChainRow => {
        const fields = { seq: ++seq, ...fieldsOf(e) };
        previous = entryMac(key, previous, fields);
        return { ...fields, mac: previous };
      });
      for (const part of chunks(rows, 200)) await trx.insertInto('auditLog').values(part).execute();
    },
  };
}

/** A tablet's audit.entry event (or any type the registry feeds to the audit trail), attributed by the server. */
export function tabletEntry(
  e: { id: string; type: string; user: string; at: number; payload: unknown },
  by: { deviceId: string; userId: string | null; receivedAt: number },
): NewAuditEntry | undefined {
  if (eventType(e.type)?.server !== 'audit') return undefined;
  const p = e.payload as AuditEntry;
  return {
    id: e.id,
    at: by.receivedAt,
    source: 'tablet',
    userId: by.userId,
    deviceId: by.deviceId,
    action: p.action,
    subject: p.subject ?? null,
    detail: p.detail ?? null,
    claimedUser: e.user,
    claimedAt: e.at,
  };
}

export type AuditVerification = {
  readonly entries: number;
  /** The last entry's number and MAC: record them elsewhere to notice the newest entries deleted. */
  readonly head: { readonly seq: number; readonly mac: string } | null;
  /** One line per problem, naming the entry; empty when the chain is intact. */
  readonly problems: string[];
};

/** Walks the whole chain in order, recomputing every MAC; names each entry changed, missing or out of place. */
export async function verifyChain(db: Kysely<Database>, key: Buffer, maxProblems = 50): Promise<AuditVerification> {
  const problems: string[] = [];
  let expectedSeq = 1;
  let previous = GENESIS;
  let entries = 0;
  let head: AuditVerification['head'] = null;
  for (let after = 0; problems.length < maxProblems;) {
    const rows = await db
      .selectFrom('auditLog')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const r of rows) {
      entries++;
      if (r.seq > expectedSeq)
        // The entry before is gone, so this one cannot be checked against it: the gap is the finding.
        problems.push(
          `entr${r.seq - 1 > expectedSeq ? `ies ${expectedSeq}-${r.seq - 1} are` : `y ${expectedSeq} is`} missing (deleted) before entry ${r.seq} (id ${r.id})`,
        );
      else if (entryMac(key, previous, r) !== r.mac)
        problems.push(
          `entry ${r.seq} (id ${r.id}, ${r.action} at ${new Date(r.at).toISOString()}) was changed, forged or moved: its MAC does not match`,
        );
      // Go on from what is stored, so one bad entry is named once and the rest are still checked.
      previous = r.mac;
      expectedSeq = r.seq + 1;
      head = { seq: r.seq, mac: r.mac };
      if (problems.length >= maxProblems) break;
    }
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.seq;
  }
  return { entries, head, problems };
}
