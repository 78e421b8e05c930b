// The training scenarios this tablet can run: every scenario file, checked against the card library
// it would run on. A scenario whose card is missing or does not fit is left out, with why.
import { useMemo } from 'react';
import { validateScenario } from '../../../domain/training/scenario.validate';
import type { TrainingScenario } from '../../../domain/training/scenario.schema';
import { SCENARIO_FILES } from '../../../sops/training';
import { useSopLibrary } from '../../hooks/use-sop-library';

export type ScenarioList = { ok: TrainingScenario[]; broken: { file: string; problems: string[] }[] };

export function useScenarios(): ScenarioList | undefined {
  const library = useSopLibrary();
  return useMemo(() => {
    if (!library) return undefined;
    const sopFor = (id: string, version?: number) =>
      version === undefined ? library.latest.find((s) => s.id === id) : library.lookup(id, version);
    const out: ScenarioList = { ok: [], broken: [] };
    for (const f of SCENARIO_FILES) {
      const r = validateScenario(f.data, sopFor);
      if (r.ok) out.ok.push(r.scenario);
      else out.broken.push({ file: f.file, problems: r.errors.map((e) => `${e.path}: ${e.message}`) });
    }
    return out;
  }, [library]);
}

/** A staff text of a scenario in the screen's language, English otherwise. */
export const scenarioText = (text: Readonly<Record<string, string>> | undefined, lng: string) =>
  text ? (text[lng] ?? text.en ?? '') : '';
