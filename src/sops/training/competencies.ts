// The training side of each built-in card: the steps a trainee must be re-assessed on when a new
// version changes them (competency.ts). Kept beside the cards, not in them: published versions
// never change, and which steps are critical is the educator's call, not the card author's.
import type { CompetencyRules } from '../../domain/training/competency';

export const COMPETENCY_RULES: readonly CompetencyRules[] = [
  { sopId: 'chest-ct', criticalSteps: ['identity', 'screening', 'pregnancyConsult'] },
  {
    sopId: 'contrast-abdomen-ct',
    criticalSteps: [
      'identity',
      'screening',
      'reactionConsult',
      'egfr',
      'renalConsult',
      'injection',
      'observation',
      'contrastReaction',
    ],
  },
  { sopId: 'emergency-head-ct', criticalSteps: ['identity', 'screening', 'strokeDecision', 'notifyRadiologist'] },
  { sopId: 'brain-mri', criticalSteps: ['identity', 'screening', 'implantClearance', 'zoneAccess', 'finalCheck'] },
  { sopId: 'pediatric-ct', criticalSteps: ['identity', 'guardianConsent', 'sedationCheck', 'protocolCheck'] },
  { sopId: 'ct-daily-qc', criticalSteps: ['waterPhantom', 'outOfService'] },
  { sopId: 'mri-daily-qc', criticalSteps: ['geometry', 'uniformity', 'outOfService'] },
];

export const competencyRulesFor = (sopId: string): CompetencyRules | undefined =>
  COMPETENCY_RULES.find((r) => r.sopId === sopId);
