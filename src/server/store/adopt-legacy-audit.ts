// A database from before the audit chain kept server entries in `audit` and the tablets' entries
// only as audit.entry events. The first time this release opens it, both go into the chain in the
// order the server received them, and `audit` is dropped (in one transaction: all or nothing).
// A tablet's old entry keeps its claimed user and time as claims; the device is the one that pushed it.
import { eventType, eventTypes } from '../../domain/events/registry';
import type { AuditAction } from '../../domain/sync/protocol.schema';
import type { AuditChain } from './audit-chain';
import { tabletEntry } from './audit-chain';
import type { Dialect } from './dialect';
import type { NewAuditEntry } from './store';

export async function adoptLegacyAudit(d: Dialect, chain: AuditChain): Promise<number> {
  return d.transaction(async (trx) => {
    const server = await trx.selectFrom('audit').selectAll().orderBy('seq').execute();
    const auditTypes = eventTypes()
      .filter((t) => t.server === 'audit')
      .map((t) => t.type);
    const tablet = auditTypes.length
      ? await trx
          .selectFrom('events')
          .select(['id', 'device', 'receivedAt', 'body', 'seq'])
          .where('type', 'in', auditTypes)
          .orderBy('seq')
          .execute()
      : [];
    const entries: { at: number; order: number; entry: NewAuditEntry }[] = [
      ...server.map((r) => ({
        at: r.at,
        order: r.seq,
        entry: { ...r, action: r.action as AuditAction, source: 'server' as const },
      })),
      ...tablet.flatMap((r) => {
        const e = JSON.parse(r.body) as { id: string; type: string; user: string; at: number; payload: unknown };
        const entry =
          eventType(e.type) && tabletEntry(e, { deviceId: r.device, userId: null, receivedAt: r.receivedAt });
        return entry ? [{ at: r.receivedAt, order: r.seq, entry }] : [];
      }),
    ];
    entries.sort((a, b) => a.at - b.at || a.order - b.order);
    await chain.append(
      trx,
      entries.map((e) => e.entry),
    );
    await trx.schema.dropTable('audit').execute();
    return entries.length;
  }, 'audit');
}
