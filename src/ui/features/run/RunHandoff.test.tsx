// The EMR hand-off on a booked run's record: what the server's outbox says, in words, and the
// 15-minute clock stopped by the EMR's acknowledgement (not by the tick box).
import { configure, screen } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EmrHandoff } from '../../../domain/integration/emr-handoff';
import { DEFAULT_TIMER_RULES, startTimer } from '../../../domain/timers/timers';
import { formatTime } from '../../format';
import { renderWith, testAccount, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { BookedRunHandoff, RunHandoff } from './RunHandoff';

const MIN = 60_000;
const RUN = '0b7c2a9e-3f1d-4c55-9a8e-2d6f1b4e7a10';
const scanEnd = Date.UTC(2026, 10, 23, 9, 0);
// The box ticked at 2 minutes: the tablet's own clock would say "done in 2:00".
const ticked = { ...startTimer('reportHandoff', DEFAULT_TIMER_RULES, scanEnd), stoppedAt: scanEnd + 2 * MIN };
const h = (o: Partial<EmrHandoff>): EmrHandoff => ({
  runId: RUN,
  state: 'pending',
  attempts: 0,
  acknowledgedAt: null,
  lastError: null,
  failing: false,
  ...o,
});
const show = (handoff: EmrHandoff, now = scanEnd + 20 * MIN) =>
  renderWith(<RunHandoff read={{ state: 'known', handoff }} timer={ticked} now={now} />, testServices());
const clock = () => screen.getByRole('timer');

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

describe('RunHandoff', () => {
  it('acknowledged: names the EMR’s time and stops the clock there', () => {
    show(h({ state: 'delivered', attempts: 1, acknowledgedAt: scanEnd + 9 * MIN }));
    expect(screen.getByText(/acknowledged/).textContent).toBe(
      `Sent; acknowledged by the EMR at ${formatTime(scanEnd + 9 * MIN)}.`,
    );
    expect(clock().dataset.level).toBe('done');
    expect(clock().textContent).toContain('9:00');
  });

  it('an acknowledgement after 15 minutes shows as a deviation', () => {
    show(h({ state: 'delivered', attempts: 3, acknowledgedAt: scanEnd + 17 * MIN }));
    expect(clock().dataset.level).toBe('deviation');
  });

  it('waiting keeps the clock running though the box was ticked', () => {
    show(h({}), scanEnd + 10 * MIN);
    expect(screen.getByText(/waiting/).textContent).toBe("Sent to the outbox; waiting for the EMR's acknowledgement.");
    expect(clock().dataset.level).not.toBe('done');
    expect(clock().textContent).toContain('5:00');
  });

  it('failing and refused say so with the EMR’s words, the clock overdue', () => {
    const failing = show(h({ attempts: 4, lastError: 'HTTP 503', failing: true }));
    expect(screen.getByText(/Not delivered/).textContent).toBe(
      'Not delivered yet after 4 attempts: HTTP 503. Retrying; QA can see this.',
    );
    expect(clock().dataset.due).toBe('true');
    failing.unmount();
    show(h({ state: 'rejected', attempts: 1, lastError: 'HTTP 422 Procedure.status' }));
    expect(screen.getByText(/refused/).className).toContain('banner-error');
    expect(screen.getByText(/refused/).textContent).toContain('HTTP 422 Procedure.status');
  });

  it('asks the server for this run only, and says when the run was not sent', async () => {
    const asked: string[] = [];
    const services = testServices({
      account: testAccount({
        fetchJson: <T,>(path: string) => {
          asked.push(path);
          return Promise.resolve({ handoffs: [] } as T);
        },
      }),
    });
    renderWith(<BookedRunHandoff runId={RUN} timer={ticked} now={scanEnd + 5 * MIN} />, services);
    expect((await screen.findByText(/Not sent/)).textContent).toContain('Not sent to the EMR');
    expect(asked).toEqual([`/api/worklist/handoffs?runs=${RUN}`]);
    // Not sent: the tablet's own (ticked) clock stands.
    expect(clock().dataset.level).toBe('done');
  });

  it('an unreachable server is an error in words', async () => {
    const services = testServices({ account: testAccount() });
    renderWith(<BookedRunHandoff runId={RUN} timer={ticked} now={scanEnd} />, services);
    expect((await screen.findByText(/could not be read/)).textContent).toBe('The hand-off could not be read: offline');
  });
});
