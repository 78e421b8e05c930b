import type { Scenario } from './scenario';
import { brainMriScenarios } from './brain-mri.scenarios';
import { chestCtScenarios } from './chest-ct.scenarios';
import { contrastAbdomenCtScenarios } from './contrast-abdomen-ct.scenarios';
import { ctDailyQcScenarios } from './ct-daily-qc.scenarios';
import { emergencyHeadCtScenarios } from './emergency-head-ct.scenarios';
import { mriDailyQcScenarios } from './mri-daily-qc.scenarios';
import { pediatricCtScenarios } from './pediatric-ct.scenarios';

/** Scenarios by SOP id. Every built-in SOP must have scenarios covering every branch. */
export const SCENARIOS: Readonly<Record<string, readonly Scenario[]>> = {
  'chest-ct': chestCtScenarios,
  'contrast-abdomen-ct': contrastAbdomenCtScenarios,
  'emergency-head-ct': emergencyHeadCtScenarios,
  'brain-mri': brainMriScenarios,
  'pediatric-ct': pediatricCtScenarios,
  'ct-daily-qc': ctDailyQcScenarios,
  'mri-daily-qc': mriDailyQcScenarios,
};
