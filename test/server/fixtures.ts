// Valid sync events for server tests, built the way a tablet builds them.
import { randomUUID } from 'node:crypto';
import { encodeHlc } from '../../src/domain/clock/hlc';
import type { SyncEvent } from '../../src/domain/sync/protocol.schema';
import { DEFAULT_TIMER_RULES } from '../../src/domain/timers/timers';

export function eventFactory(device = randomUUID(), start = Date.UTC(2026, 10, 23, 9)) {
  let seq = 0;
  const meta = (streamId: string) => {
    seq += 1;
    return {
      id: randomUUID(),
      streamId,
      at: start + seq * 1000,
      hlc: encodeHlc({ wall: start + seq * 1000, counter: 0 }),
      user: 'tech',
      device,
      deviceSeq: seq,
    };
  };
  return {
    device,
    created(runId = randomUUID(), patientId = 'P-1', sop = { id: 'chest-ct', version: 1 }): SyncEvent {
      return {
        ...meta(runId),
        type: 'run.created',
        payload: {
          runId,
          kind: 'exam',
          sop,
          priority: 'routine',
          arrivedAt: start,
          scanner: 'CT 1',
          timerRules: DEFAULT_TIMER_RULES,
          patient: { patientId, sex: 'female', language: 'en', ageYears: 50 },
        },
      };
    },
    answer(runId: string, itemId = 'twoIdentifiers', value: boolean | string | number | null = true): SyncEvent {
      return { ...meta(runId), type: 'run.command', payload: { type: 'answer', itemId, value } };
    },
    next(runId: string): SyncEvent {
      return { ...meta(runId), type: 'run.command', payload: { type: 'next' } };
    },
  };
}
