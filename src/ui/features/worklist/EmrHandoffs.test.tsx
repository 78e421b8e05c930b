// The worklist's report hand-off clocks for today's booked exams, on a real (fake-indexeddb) database:
// stopped at the EMR's acknowledgement (not at the tick box), running on while the record waits.
import { configure, screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EmrHandoff } from '../../../domain/integration/emr-handoff';
import { CHEST_STEPS, kpiRun, MIN } from '../../../domain/kpi/kpi.fixtures';
import { formatTime } from '../../format';
import { renderWith, testAccount, testServices } from '../../../../test/setup/render';
import { seedLogs } from '../../../../test/setup/seed-kpi';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import WorklistPage from './WorklistPage';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 5000 });
});

/** Scan left 12 min after arrival (the hand-off clock starts), the record completed 4 min later. */
async function worklistWith(h: (runId: string, handoffStart: number) => Partial<EmrHandoff>) {
  let runId = '';
  let handoffStart = 0;
  const services = testServices({
    account: testAccount({
      fetchJson: async <T,>(path: string) =>
        (path.startsWith('/api/worklist/handoffs')
          ? {
              handoffs: [
                {
                  runId,
                  state: 'pending',
                  attempts: 1,
                  acknowledgedAt: null,
                  lastError: null,
                  failing: false,
                  ...h(runId, handoffStart),
                },
              ],
            }
          : { bookings: [] }) as T,
    }),
  });
  const arrive = services.clock.now - 30 * MIN;
  handoffStart = arrive + 12 * MIN;
  const run = kpiRun(1, { arrive, scanner: 'CT 1', booking: { accessionNumber: 'ACC-77' } }).walk(CHEST_STEPS, 2 * MIN);
  runId = run.log.runId;
  await seedLogs(services.db, services.vault, [run.log.events], services.clock.now);
  renderWith(<WorklistPage />, services);
  const section = await screen.findByRole('region', { name: 'Exam records to the EMR today' });
  return { section, handoffStart };
}

describe('report hand-off clocks on the worklist', { timeout: 20_000 }, () => {
  it('stopped at the EMR’s acknowledgement, 9 minutes after the scan, not at the tick box (4 minutes)', async () => {
    const { section, handoffStart } = await worklistWith((_id, start) => ({
      state: 'delivered',
      attempts: 2,
      acknowledgedAt: start + 9 * MIN,
    }));
    const item = section.querySelector('[data-emr-handoff="acknowledged"]') as HTMLElement;
    expect(item.textContent).toContain(`acknowledged by the EMR at ${formatTime(handoffStart + 9 * MIN)}`);
    const clock = within(item).getByRole('timer');
    expect(clock.dataset.level).toBe('done');
    expect(clock.textContent).toContain('9:00');
  });

  it('running on while the record waits for the EMR: overdue after 15 minutes', async () => {
    const { section } = await worklistWith(() => ({}));
    const item = section.querySelector('[data-emr-handoff="waiting"]') as HTMLElement;
    expect(item.textContent).toContain('waiting for the EMR');
    const clock = within(item).getByRole('timer');
    expect(clock.dataset.level).toBe('due');
    expect(clock.textContent).toContain('overdue 3:00');
  });
});
