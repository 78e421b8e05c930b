// The critical steps of the built-in card versions published before steps carried the `critical` flag
// (published versions never change, so they cannot gain it). A version that flags any step reads only
// its own flags (competency.ts criticalStepsOf); the card editor writes them, so from the first version
// made in the editor on, the card itself is the one source.
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
