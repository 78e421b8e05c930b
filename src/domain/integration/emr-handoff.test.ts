import { describe, expect, it } from 'vitest';
import { startTimer, timerStatus, DEFAULT_TIMER_RULES } from '../timers/timers';
import { handoffByAck, handoffNote, type EmrHandoff } from './emr-handoff';

const MIN = 60_000;
const scanEnd = 1_000_000;
const ticked = { ...startTimer('reportHandoff', DEFAULT_TIMER_RULES, scanEnd), stoppedAt: scanEnd + 2 * MIN };
const h = (o: Partial<EmrHandoff>): EmrHandoff => ({
  runId: 'r',
  state: 'pending',
  attempts: 0,
  acknowledgedAt: null,
  lastError: null,
  failing: false,
  ...o,
});

describe('the hand-off clock stopped by the EMR', () => {
  it('stops at the acknowledgement time, not at the tick box', () => {
    const t = handoffByAck(ticked, h({ state: 'delivered', acknowledgedAt: scanEnd + 9 * MIN }));
    expect(t.stoppedAt).toBe(scanEnd + 9 * MIN);
    expect(timerStatus(t, scanEnd + 60 * MIN)).toMatchObject({ running: false, deviation: false });
  });

  it('an acknowledgement after 15 minutes is a deviation', () => {
    const t = handoffByAck(ticked, h({ state: 'delivered', acknowledgedAt: scanEnd + 17 * MIN }));
    expect(timerStatus(t, scanEnd + 60 * MIN)).toMatchObject({ running: false, deviation: true });
  });

  it('keeps running while the record waits, fails or was refused, though the box was ticked', () => {
    for (const state of ['pending', 'rejected'] as const) {
      const t = handoffByAck(ticked, h({ state, lastError: '500' }));
      expect(t.stoppedAt).toBeUndefined();
      expect(timerStatus(t, scanEnd + 16 * MIN)).toMatchObject({ running: true, due: true, deviation: true });
    }
  });

  it('leaves a run the EMR is not sent on the tablet’s own clock', () => {
    expect(handoffByAck(ticked, undefined)).toBe(ticked);
  });

  it('names what staff should see', () => {
    expect(handoffNote(h({}))).toBe('waiting');
    expect(handoffNote(h({ lastError: 'Internal Server Error', attempts: 1 }))).toBe('failing');
    expect(handoffNote(h({ failing: true }))).toBe('failing');
    expect(handoffNote(h({ state: 'rejected', lastError: '422' }))).toBe('refused');
    expect(handoffNote(h({ state: 'delivered', acknowledgedAt: 5 }))).toBe('acknowledged');
  });
});
