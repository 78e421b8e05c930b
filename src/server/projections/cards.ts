// The pinned cards a projection needs: built-ins as shipped, stored versions parsed and validated once
// per body (a version never changes, so one definition object per body also keeps the compiled
// machine cached). A stored body this release cannot read is a problem of the runs that pin it.
import type { SopDefinition } from '../../domain/sop/sop.schema';
import { formatSopErrors, validateSop } from '../../domain/sop/sop.validate';
import type { BuiltIns } from '../built-ins';
import { sopKey, type Tx } from '../store/store';

export type Card = { readonly sop: SopDefinition } | { readonly problem: string };

const parsed = new Map<string, Card>();

function parse(body: string): Card {
  let card = parsed.get(body);
  if (!card) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    const v = validateSop(json);
    card = v.ok ? { sop: v.sop } : { problem: `the stored card is not valid here: ${formatSopErrors(v.errors)}` };
    parsed.set(body, card);
  }
  return card;
}

/** The cards for these keys; a key the server has no definition for is absent (its runs are `sopUnknown`). */
export async function cardsFor(
  tx: Pick<Tx, 'sopBodies'>,
  builtIns: BuiltIns,
  keys: readonly { id: string; version: number }[],
): Promise<Map<string, Card>> {
  const out = new Map<string, Card>();
  const wanted: { id: string; version: number }[] = [];
  for (const k of keys) {
    const builtIn = builtIns.get(sopKey(k.id, k.version));
    if (builtIn) out.set(sopKey(k.id, k.version), { sop: builtIn });
    else wanted.push(k);
  }
  if (wanted.length) for (const [key, body] of await tx.sopBodies(wanted)) out.set(key, parse(body));
  return out;
}
