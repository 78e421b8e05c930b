// HL7's R4 example resources (see fixtures/hl7-r4/README.md) and a readable view of validation results.
import { readFileSync } from 'node:fs';
import type { FhirValidation } from '../../../src/server/integration/fhir/validator';

export const hl7Example = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./fixtures/hl7-r4/${name}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

/** "path: text" for every issue (errors, and warnings too), so a test names exactly what it expects. */
export const problems = (v: FhirValidation): string[] =>
  (v.ok ? v.warnings : v.outcome.issue).map((i) => `${i.expression?.join() ?? ''}: ${i.details?.text ?? ''}`);
/** A copy without the named element (to break a resource on purpose). */
export const without = <T extends object>(o: T, key: keyof T): T =>
  Object.fromEntries(Object.entries(o).filter(([k]) => k !== key)) as T;
