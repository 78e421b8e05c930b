// A completed booked run's report hand-off on the alarms: the clock the EMR's acknowledgement stops.
// The tablet's own clock stopped at completion (the tick box); while the server says the record is
// still waiting for the EMR, it runs on and becomes an alarm at 15 minutes; once acknowledged, none.
import { configure, screen } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EmrHandoff } from '../../../domain/integration/emr-handoff';
import { CHEST_STEPS, kpiRun, MIN } from '../../../domain/kpi/kpi.fixtures';
import { renderWith, testAccount, testServices } from '../../../../test/setup/render';
import { seedLogs } from '../../../../test/setup/seed-kpi';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { AlarmWatcher } from './AlarmWatcher';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 5000 });
});

/** A booked chest CT completed on this tablet: scan left 12 min after arrival, the record 4 min later. */
async function completedBookedRun(answer: (runId: string) => EmrHandoff[] | Error) {
  const asked: string[] = [];
  const services = testServices({
    account: testAccount({
      fetchJson: async <T,>(path: string) => {
        asked.push(path);
        const a = answer(run.log.runId);
        if (a instanceof Error) throw a;
        return { handoffs: a } as T;
      },
    }),
  });
  const arrive = services.clock.now - 40 * MIN;
  const run = kpiRun(1, { arrive, scanner: 'ct-1', booking: { accessionNumber: 'ACC-77' } }).walk(CHEST_STEPS, 2 * MIN);
  await seedLogs(services.db, services.vault, [run.log.events], services.clock.now);
  renderWith(<AlarmWatcher />, services);
  return { services, runId: run.log.runId, asked, handoffStart: arrive + 12 * MIN };
}
const handoff = (runId: string, o: Partial<EmrHandoff>): EmrHandoff => ({
  runId,
  state: 'pending',
  attempts: 1,
  acknowledgedAt: null,
  lastError: null,
  failing: false,
  ...o,
});

describe('the report hand-off of a booked run on the alarms', { timeout: 20_000 }, () => {
  it('is an alarm while the EMR has not acknowledged the record after 15 minutes', async () => {
    const { runId, asked } = await completedBookedRun((id) => [handoff(id, {})]);
    const alarm = await screen.findByRole('alert');
    expect(alarm.getAttribute('data-alarm-key')).toBe(`${runId}:reportHandoff`);
    expect(alarm.textContent).toContain('Report hand-off overdue by 13:00');
    expect(asked[0]).toBe(`/api/worklist/handoffs?runs=${runId}`); // a run id, no identifier
  });

  it('stops at the EMR’s acknowledgement: no alarm', async () => {
    const { asked } = await completedBookedRun((id) => [
      handoff(id, { state: 'delivered', acknowledgedAt: Date.UTC(2026, 10, 23, 8, 41) }),
    ]);
    await expect.poll(() => asked.length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1500));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('offline (nothing known from the server): the tablet’s own clock, stopped at completion', async () => {
    const { asked } = await completedBookedRun(() => new Error('offline'));
    await expect.poll(() => asked.length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1500));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
