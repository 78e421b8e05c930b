// Earlier versions of the built-in cards, frozen as published. A run pins (card id, version) and may
// be replayed years later, so a published version never changes: to change a card, copy its current
// version here (JSON, byte for byte what shipped), list it below and in versions.json, then raise the
// version in its .sop.ts. The browser loads this module only when an old run needs it.
import type { SopDefinition } from '../../domain/sop/sop.schema';
import brainMriV1 from './brain-mri.v1.json';
import chestCtV1Json from './chest-ct.v1.json';
import contrastAbdomenCtV1 from './contrast-abdomen-ct.v1.json';
import emergencyHeadCtV1 from './emergency-head-ct.v1.json';
import pediatricCtV1 from './pediatric-ct.v1.json';

/** Chest CT as first published: tests of storage and engine mechanics pin it, so card changes do not move them. */
export const chestCtV1 = chestCtV1Json as unknown as SopDefinition;

export const EARLIER_SOPS = [
  chestCtV1Json,
  contrastAbdomenCtV1,
  emergencyHeadCtV1,
  brainMriV1,
  pediatricCtV1,
] as unknown as readonly SopDefinition[];

/** An earlier published version (tests pin them); throws for one that was never published. */
export function earlierSop(id: string, version: number): SopDefinition {
  const sop = EARLIER_SOPS.find((s) => s.id === id && s.version === version);
  if (!sop) throw new Error(`${id}@${version} is not a published earlier version`);
  return sop;
}
