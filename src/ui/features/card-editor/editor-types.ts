// What the server's card-editor routes answer (sop-drafts.routes.ts).
import type { SopDiff } from '../../../domain/sop/sop.diff';
import type { SopDefinition } from '../../../domain/sop/sop.schema';
import type { SopError } from '../../../domain/sop/sop.validate';

export type DraftReport = {
  readonly sopId: string;
  readonly definition: SopDefinition;
  readonly changeNote: string;
  readonly baseVersion: number | null;
  readonly rollbackOf: number | null;
  readonly editors: readonly string[];
  readonly updatedAt: number;
  readonly errors: readonly SopError[];
  readonly blockers: readonly string[];
};

export type Approval = {
  readonly sopId: string;
  readonly version: number;
  readonly authors: readonly string[];
  readonly approvedBy: string;
  readonly changeNote: string;
  readonly rollbackOf: number | null;
  readonly approvedAt: number;
};

export type History = {
  readonly id: string;
  readonly versions: readonly number[];
  readonly approvals: readonly Approval[];
  readonly retired: { readonly reason: string; readonly retiredAt: number } | null;
};

export type CardVersions = {
  readonly versions: readonly { id: string; version: number; current: boolean }[];
  readonly current: Readonly<Record<string, number>>;
};

export type { SopDiff };
