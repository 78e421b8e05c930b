// The stored golden fixtures: a recorded run log, the card it pins, and the projection it gave.
import type { SopDefinition } from '../../sop/sop.schema';
import { BUILT_IN_SOPS } from '../../../sops/library';
import type { RunEvent } from '../run.event';
import type { ProjectedRun } from '../run.projection';

export type GoldenFixture = {
  readonly case: string;
  readonly sop: { readonly id: string; readonly version: number };
  readonly events: readonly RunEvent[];
  readonly projection: ProjectedRun;
};

export const GOLDEN_DIR = new URL('./logs/', import.meta.url).pathname;

/** One event per line and one projection field per line: small, and a diff shows what moved. */
export function fixtureText(f: GoldenFixture): string {
  const fields = (o: object, indent: string) =>
    Object.entries(o).map(([k, v]) => `${indent}${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return [
    '{',
    `  "case": ${JSON.stringify(f.case)},`,
    `  "sop": ${JSON.stringify(f.sop)},`,
    '  "events": [',
    f.events.map((e) => `    ${JSON.stringify(e)}`).join(',\n'),
    '  ],',
    '  "projection": {',
    fields(f.projection, '    ').join(',\n'),
    '  }',
    '}',
    '',
  ].join('\n');
}

/** The built-in card version a fixture pins (current, or earlier as published), or undefined (then sopUnknown). */
export const sopOf = (pin: { id: string; version: number } | undefined): SopDefinition | undefined =>
  pin && BUILT_IN_SOPS.find((s) => s.id === pin.id && s.version === pin.version);
