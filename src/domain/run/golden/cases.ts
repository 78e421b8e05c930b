// The runs whose logs are kept as golden fixtures: every scenario of the current version of every
// built-in card, played on one tablet, plus the hand-written edge cases. Only the regeneration
// script reads this, to record cases that have no log yet: the test replays the stored logs, never
// these scripts, so an old log stays old (the logs of earlier card versions have no script left).
import { CURRENT_SOPS } from '../../../sops/current';
import { SCENARIOS } from '../../../sops/library.scenarios';
import type { RunEvent } from '../run.event';
import { edgeCases } from './edge-cases';
import { edgeCasesV2 } from './edge-cases-v2';
import { scenarioLog, tablet } from './log-builder';

/** "chest-ct@2--routine-adult-no-findings": the card version a log pins, then what it plays. */
export const cardLogFile = (sop: { id: string; version: number }, what: string) => `${sop.id}@${sop.version}--${what}`;

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
  for (const sop of CURRENT_SOPS)
    for (const scenario of SCENARIOS[sop.id] ?? []) {
      // Run numbers per card version, so the ids of one version's logs never collide with another's.
      const log = scenarioLog(sop, scenario, sop.version * 100 + ++runNo, T0, tablet(1, 'chen'));
      cases.push({ file: cardLogFile(sop, slug(scenario.name)), name: scenario.name, events: log.events });
    }
  for (const c of [...edgeCases(1000), ...edgeCasesV2(1100)])
    cases.push({ file: `edge--${c.slug}`, name: c.name, events: c.events });
  return cases;
}
