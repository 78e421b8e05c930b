// The card editor's tables (migration 0011): one draft per card, the approval of each version (who
// wrote it, who approved it, the change note), and retired cards. Approving stores the version in
// `sops` (immutable), makes it current and records both publication and approval in one transaction
// under the push lock, as publishing does.
import type { Generated, Kysely } from 'kysely';
import { recordPublication } from './current-sops.queries';
import type { Dialect } from './dialect';
import type { Database } from './schema';

export type SopDraft = {
  readonly sopId: string;
  readonly body: string;
  /** Everyone who saved this draft, first author first: none of them may approve it. */
  readonly editors: readonly string[];
  readonly changeNote: string;
  /** The version the draft was started from (none: a new card). */
  readonly baseVersion: number | null;
  /** The draft restores this version's content (a rollback). */
  readonly rollbackOf: number | null;
  readonly createdAt: number;
  readonly updatedBy: string;
  readonly updatedAt: number;
};
export type SopApproval = {
  readonly sopId: string;
  readonly version: number;
  readonly authors: readonly string[];
  readonly approvedBy: string;
  readonly changeNote: string;
  readonly rollbackOf: number | null;
  readonly approvedAt: number;
};
export type SopRetirement = {
  readonly sopId: string;
  readonly retiredBy: string;
  readonly retiredAt: number;
  readonly reason: string;
};

type DraftRow = Omit<SopDraft, 'editors'> & { editors: string };
type Tables = {
  sopDrafts: DraftRow;
  sopApprovals: Omit<SopApproval, 'authors'> & { authors: string; seq: Generated<number> };
  sopRetirements: SopRetirement;
  runProjections: { sopId: string };
};

export type SopDraftStore = {
  sopDraft(sopId: string): Promise<SopDraft | undefined>;
  sopDrafts(): Promise<SopDraft[]>;
  /** Saves the draft (created if none): `userId` joins its editors. */
  saveSopDraft(d: {
    sopId: string;
    body: string;
    changeNote: string;
    baseVersion: number | null;
    rollbackOf: number | null;
    userId: string;
    now: number;
  }): Promise<SopDraft>;
  /** 'created' only when the card had no draft (import and rollback never overwrite one). */
  createSopDrafts(
    drafts: readonly {
      sopId: string;
      body: string;
      changeNote: string;
      baseVersion: number | null;
      rollbackOf: number | null;
    }[],
    userId: string,
    now: number,
  ): Promise<'created' | { readonly existing: readonly string[] }>;
  discardSopDraft(sopId: string): Promise<boolean>;
  /** Stores the draft as `version`, current for new runs, approved; the draft is gone and the card not retired. */
  approveSopDraft(
    a: Omit<SopApproval, 'authors'> & { body: string; draftBody: string; expectUpdatedAt: number },
  ): Promise<'approved' | 'changed'>;
  sopApprovals(sopId?: string): Promise<SopApproval[]>;
  retireSop(r: SopRetirement): Promise<void>;
  sopRetirements(): Promise<SopRetirement[]>;
  /** How many runs the server holds on any version of the card. */
  runsOnCard(sopId: string): Promise<number>;
};

const draft = (r: DraftRow): SopDraft => ({
  ...r,
  editors: JSON.parse(r.editors) as string[],
  baseVersion: r.baseVersion === null ? null : Number(r.baseVersion),
  rollbackOf: r.rollbackOf === null ? null : Number(r.rollbackOf),
  createdAt: Number(r.createdAt),
  updatedAt: Number(r.updatedAt),
});

export function sopDraftQueries(d: Dialect): SopDraftStore {
  const db = d.db.withTables<Tables>();
  const one = async (t: Kysely<Database & Tables>, sopId: string) => {
    const r = await t.selectFrom('sopDrafts').selectAll().where('sopId', '=', sopId).executeTakeFirst();
    return r && draft(r);
  };
  return {
    sopDraft: (sopId) => one(db, sopId),
    async sopDrafts() {
      return (await db.selectFrom('sopDrafts').selectAll().orderBy('sopId').execute()).map(draft);
    },
    saveSopDraft: (s) =>
      d.transaction(async (base) => {
        const t = base.withTables<Tables>();
        const old = await one(t, s.sopId);
        const editors = old ? [...new Set([...old.editors, s.userId])] : [s.userId];
        const row = {
          body: s.body,
          editors: JSON.stringify(editors),
          changeNote: s.changeNote,
          baseVersion: old ? old.baseVersion : s.baseVersion,
          rollbackOf: old ? old.rollbackOf : s.rollbackOf,
          updatedBy: s.userId,
          updatedAt: s.now,
        };
        if (old) await t.updateTable('sopDrafts').set(row).where('sopId', '=', s.sopId).execute();
        else
          await t
            .insertInto('sopDrafts')
            .values({ ...row, sopId: s.sopId, createdAt: s.now })
            .execute();
        return (await one(t, s.sopId))!;
      }),
    createSopDrafts: (drafts, userId, now) =>
      d.transaction(async (base) => {
        const t = base.withTables<Tables>();
        const existing: string[] = [];
        for (const x of drafts) if (await one(t, x.sopId)) existing.push(x.sopId);
        if (existing.length) return { existing };
        for (const x of drafts)
          await t
            .insertInto('sopDrafts')
            .values({ ...x, editors: JSON.stringify([userId]), createdAt: now, updatedBy: userId, updatedAt: now })
            .execute();
        return 'created' as const;
      }),
    async discardSopDraft(sopId) {
      const r = await db.deleteFrom('sopDrafts').where('sopId', '=', sopId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    approveSopDraft: (a) =>
      d.transaction(async (base) => {
        const t = base.withTables<Tables>();
        const current = await one(t, a.sopId);
        // Someone saved the draft after the approver opened it: they must see what they approve.
        if (!current || current.updatedAt !== a.expectUpdatedAt || current.body !== a.draftBody)
          return 'changed' as const;
        await base
          .insertInto('sops')
          .values({ id: a.sopId, version: a.version, body: a.body, source: 'published', addedAt: a.approvedAt })
          .execute();
        await recordPublication(base, { id: a.sopId, version: a.version, userId: a.approvedBy, now: a.approvedAt });
        await t
          .insertInto('sopApprovals')
          .values({
            sopId: a.sopId,
            version: a.version,
            authors: JSON.stringify(current.editors),
            approvedBy: a.approvedBy,
            changeNote: a.changeNote,
            rollbackOf: a.rollbackOf,
            approvedAt: a.approvedAt,
          })
          .execute();
        await t.deleteFrom('sopDrafts').where('sopId', '=', a.sopId).execute();
        await t.deleteFrom('sopRetirements').where('sopId', '=', a.sopId).execute();
        return 'approved' as const;
      }, 'push'),
    async sopApprovals(sopId) {
      let q = db
        .selectFrom('sopApprovals')
        .select(['sopId', 'version', 'authors', 'approvedBy', 'changeNote', 'rollbackOf', 'approvedAt']);
      if (sopId) q = q.where('sopId', '=', sopId);
      return (await q.orderBy('seq').execute()).map((r) => ({
        ...r,
        version: Number(r.version),
        authors: JSON.parse(r.authors) as string[],
        rollbackOf: r.rollbackOf === null ? null : Number(r.rollbackOf),
        approvedAt: Number(r.approvedAt),
      }));
    },
    async retireSop(r) {
      await db
        .insertInto('sopRetirements')
        .values(r)
        .onConflict((oc) =>
          oc.column('sopId').doUpdateSet({ retiredBy: r.retiredBy, retiredAt: r.retiredAt, reason: r.reason }),
        )
        .execute();
    },
    async sopRetirements() {
      return (await db.selectFrom('sopRetirements').selectAll().orderBy('sopId').execute()).map((r) => ({
        ...r,
        retiredAt: Number(r.retiredAt),
      }));
    },
    async runsOnCard(sopId) {
      const r = await db
        .selectFrom('runProjections')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('sopId', '=', sopId)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },
  };
}
