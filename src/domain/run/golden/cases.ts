// The runs whose logs are kept as golden fixtures: every scenario of every built-in card, played on
// one tablet, plus the hand-written edge cases. Only the regeneration script reads this: the test
// replays the stored logs, never these scripts, so an old log stays old.
import { BUILT_IN_SOPS } from '../../../sops/library';
import { SCENARIOS } from '../../../sops/library.scenarios';
import type { RunEvent } from '../run.event';
import { edgeCases } from './edge-cases';
import { scenarioLog, tablet } from './log-builder';

export type GoldenCase = { readonly file: string; readonly name: string; readonly events: readonly RunEvent[] };

const T0 = Date.UTC(2026, 10, 23, 8, 0);
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 48)
    .replace(/-$/, '');

export function goldenCases(): GoldenCase[] {
  const cases: GoldenCase[] = [];
  let runNo = 0;
  for (const sop of BUILT_IN_SOPS)
    for (const scenario of SCENARIOS[sop.id] ?? []) {
      const log = scenarioLog(sop, scenario, ++runNo, T0, tablet(1, 'chen'));
      cases.push({ file: `${sop.id}--${slug(scenario.name)}`, name: scenario.name, events: log.events });
    }
  for (const c of edgeCases(1000)) cases.push({ file: `edge--${c.slug}`, name: c.name, events: c.events });
  return cases;
}
