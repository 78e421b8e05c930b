import type { Scenario } from './scenario';
import { chestCtScenarios } from './chest-ct.scenarios';

/** Scenarios by SOP id. Every built-in SOP must have scenarios covering every branch. */
export const SCENARIOS: Readonly<Record<string, readonly Scenario[]>> = {
  'chest-ct': chestCtScenarios,
};
