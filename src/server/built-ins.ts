// The cards that ship with this release, by "id@version": every server part that resolves a pinned
// card (push checks, projections, current versions) looks built-ins up here first.
import type { SopDefinition } from '../domain/sop/sop.schema';
import { BUILT_IN_SOPS } from '../sops/library';
import { sopKey } from './store/store';

export type BuiltIns = ReadonlyMap<string, SopDefinition>;

export const builtInSops = (): BuiltIns => new Map(BUILT_IN_SOPS.map((s) => [sopKey(s.id, s.version), s]));
