// The audit trail (append-only, chained: audit-chain.ts): server entries and tablets' audit.entry
// events in one table. (Exports and figures read the run projection: projections.queries.ts.)
import type { AuditAction } from '../../domain/sync/protocol.schema';
import type { AuditChain } from './audit-chain';
import type { Dialect } from './dialect';
import type { SyncStore } from './store';

export function reportQueries(d: Dialect, chain: AuditChain) {
  const { db } = d;
  return {
    appendAudit: (e) => d.transaction((trx) => chain.append(trx, [e]), 'audit'),
    async auditEntries(q) {
      const rows = await db
        .selectFrom('auditLog')
        .select(['id', 'at', 'userId', 'deviceId', 'action', 'subject', 'detail', 'source', 'claimedUser', 'claimedAt'])
        .where('at', '>=', q.from)
        .where('at', '<', q.to)
        .$if(q.userId !== undefined, (qb) => qb.where('userId', '=', q.userId!))
        .$if(q.action !== undefined, (qb) => qb.where('action', '=', q.action!))
        .orderBy('at', 'desc')
        .orderBy('seq', 'desc')
        .limit(q.limit)
        .offset(q.offset)
        .execute();
      return rows.map((r) => ({ ...r, action: r.action as AuditAction }));
    },
  } satisfies Partial<SyncStore>;
}
