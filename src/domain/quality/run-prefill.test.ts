import { describe, expect, it } from 'vitest';
import type { RunHeader } from '../run/run.header';
import { DEFAULT_TIMER_RULES } from '../timers/timers';
import { adversePrefill } from './run-prefill';

const header: RunHeader = {
  runId: '0b7c2a9e-3f1d-4c55-9a8e-2d6f1b4e7a10',
  kind: 'exam',
  sop: { id: 'contrast-abdomen-ct', version: 2 },
  priority: 'routine',
  arrivedAt: 0,
  scanner: 'CT 1',
  patient: { patientId: 'MRN-4711', sex: 'female', language: 'en' },
  timerRules: DEFAULT_TIMER_RULES,
};

describe('adverse report prefilled from a run', () => {
  it('carries patient, card, scanner, agent, volume, injection time and the card’s reaction answers', () => {
    const ctx = {
      answers: {
        contrastAgent: 'iohexol',
        contrastVolumeMl: 90,
        reaction: true,
        reactionSeverity: 'moderate',
        reactionType: 'allergicLike',
      },
      timers: {
        contrastObservation: {
          id: 'contrastObservation' as const,
          kind: 'wait' as const,
          startedAt: 1000,
          deadline: 1000 + 30 * 60_000,
        },
      },
    };
    expect(adversePrefill(header, ctx, 'ct-1')).toEqual({
      kind: 'contrastReaction',
      runId: header.runId,
      patientId: 'MRN-4711',
      sopId: 'contrast-abdomen-ct',
      scannerId: 'ct-1',
      contrast: {
        agent: 'iohexol',
        volumeMl: 90,
        injectedAt: 1000,
        reactionType: 'allergicLike',
        severity: 'moderate',
      },
    });
  });

  it('leaves out what the run does not hold, and an answer that is not an ACR class', () => {
    const ctx = { answers: { reactionSeverity: 'terrible' }, timers: {} };
    expect(adversePrefill({ ...header, patient: undefined }, ctx, 'ct-1')).toEqual({
      runId: header.runId,
      sopId: 'contrast-abdomen-ct',
      scannerId: 'ct-1',
    });
  });
});
