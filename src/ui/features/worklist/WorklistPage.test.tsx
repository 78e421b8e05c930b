// The worklist on a real (fake-indexeddb) database: triage order, waiting times, scanner warm-ups.
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRun, runCommand, type SopLookup } from '../../../db/runs.repo';
import { QUALITY_EVENT_TYPES } from '../../../domain/events/registry';
import type { RunPriority } from '../../../domain/run/run.types';
import { chestCtV1 as chestCt } from '../../../sops/published';
import { renderWith, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import WorklistPage from './WorklistPage';

const MIN = 60_000;
const lookup: SopLookup = (id, v) => (id === chestCt.id && v === chestCt.version ? chestCt : undefined);
type Services = ReturnType<typeof testServices>;

function addRun(services: Services, patientId: string, priority: RunPriority, arrivedAt: number) {
  return createRun(
    services.db,
    services.vault,
    lookup,
    {
      kind: 'exam',
      sop: { id: 'chest-ct', version: 1 },
      priority,
      scanner: 'CT 2',
      timerRules: services.timerRules,
      patient: { patientId, sex: 'male', language: 'en', ageYears: 50 },
    },
    { user: 'tester', now: arrivedAt },
  );
}

const rows = () => Array.from(document.querySelectorAll<HTMLElement>('[data-run]'));
const who = (el: HTMLElement) => el.querySelector('.who')!.textContent;
const waiting = (el: HTMLElement) => within(el).getByLabelText('Waiting time').textContent;

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 }); // a loaded CI machine can take over 1 s for a write + live query
});

describe('WorklistPage', { timeout: 15_000 }, () => {
  it('shows a loading state before the data, then the empty-state text', async () => {
    renderWith(<WorklistPage />, testServices());
    expect(screen.getByRole('status').textContent).toBe('Loading…');
    expect(screen.queryByText(/No exams waiting/)).toBeNull();
    expect((await screen.findByText(/No exams waiting/)).textContent).toBe(
      'No exams waiting. Start one with “New exam”.',
    );
    expect(screen.queryByText('Loading…')).toBeNull();
    expect(rows()).toHaveLength(0);
  });

  it('orders emergency before urgent before routine, and by arrival within a priority', async () => {
    const services = testServices();
    const t = services.clock.now;
    await addRun(services, 'R-early', 'routine', t - 50 * MIN);
    await addRun(services, 'U-late', 'urgent', t - 5 * MIN);
    await addRun(services, 'R-late', 'routine', t - 10 * MIN);
    await addRun(services, 'E-late', 'emergency', t - 1 * MIN);
    await addRun(services, 'U-early', 'urgent', t - 30 * MIN);
    await addRun(services, 'E-early', 'emergency', t - 2 * MIN);
    const done = await addRun(services, 'DONE', 'emergency', t - 60 * MIN);
    await runCommand(
      services.db,
      services.vault,
      lookup,
      done,
      { type: 'cancel', reason: 'patient left' },
      { user: 'tester', now: t },
    );
    renderWith(<WorklistPage />, services);
    await waitFor(() => expect(rows()).toHaveLength(6));
    expect(rows().map(who)).toEqual(['E-early', 'E-late', 'U-early', 'U-late', 'R-early', 'R-late']);
    expect(within(rows()[0]!).getByText('Emergency')).toBeTruthy();
    expect(within(rows()[2]!).getByText('Urgent')).toBeTruthy();
    expect(within(rows()[4]!).getByText('Routine')).toBeTruthy();
    expect(rows()[0]!.textContent).toContain('Chest CT (non-contrast) · CT 2 · Patient identity');
    expect(rows()[0]!.getAttribute('href')).toMatch(/^\/run\/[0-9a-f-]{36}$/);
  });

  it('shows waiting time in minutes from the clock, ticking as the clock moves', async () => {
    const services = testServices();
    const t = services.clock.now;
    await addRun(services, 'W-7', 'routine', t - 7 * MIN - 59_000);
    await addRun(services, 'W-65', 'routine', t - 65 * MIN);
    renderWith(<WorklistPage />, services);
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows().map(waiting)).toEqual(['1 h 5 min', '7 min']);
    services.clock.now += 2 * MIN;
    await waitFor(() => expect(rows().map(waiting)).toEqual(['1 h 7 min', '9 min']));
  });

  it('scanner "Power on" starts a CT warm-up countdown and "Mark as ready" stops it', async () => {
    const services = testServices();
    const user = userEvent.setup();
    renderWith(<WorklistPage />, services);
    await screen.findByText(/No exams waiting/);
    const ct1 = () => document.querySelector<HTMLElement>('[data-scanner="ct-1"]')!;
    expect(within(ct1()).queryByRole('timer')).toBeNull();
    expect(ct1().textContent).toContain('No warm-up recorded');
    await user.click(within(ct1()).getByRole('button', { name: /Power on/ }));
    const ready = await within(ct1()).findByRole('button', { name: /Mark as ready/ });
    expect(ct1().textContent).toContain('Warming up');
    expect(within(ct1()).getByRole('timer').textContent).toBe('CT warm-up3:00');
    expect(within(document.querySelector<HTMLElement>('[data-scanner="ct-2"]')!).queryByRole('timer')).toBeNull();
    services.clock.now += 75_000;
    await waitFor(() => expect(within(ct1()).getByRole('timer').textContent).toBe('CT warm-up1:45'));
    await user.click(ready);
    await within(ct1()).findByRole('button', { name: /Power on/ });
    expect(ct1().textContent).toContain('Ready');
    expect(ct1().querySelector('[data-last-warmup]')!.textContent).toMatch(
      /^Last warm-up: 1:15 \(standard 3:00\), ready at/,
    );
    expect(within(ct1()).queryByRole('timer')).toBeNull();
  });

  it('after an overlong warm-up, "ready" shows the result as a past fact, not a red alarm beside "Power on"', async () => {
    const services = testServices();
    const user = userEvent.setup();
    renderWith(<WorklistPage />, services);
    await screen.findByText(/No exams waiting/);
    const ct1 = () => document.querySelector<HTMLElement>('[data-scanner="ct-1"]')!;
    await user.click(within(ct1()).getByRole('button', { name: /Power on/ }));
    const ready = await within(ct1()).findByRole('button', { name: /Mark as ready/ });
    services.clock.now += 3 * 60_000 + 37_000;
    await user.click(ready);
    await within(ct1()).findByRole('button', { name: /Power on/ });
    expect(within(ct1()).queryByRole('timer')).toBeNull();
    expect(ct1().querySelector('[data-last-warmup]')!.textContent).toMatch(
      /^Last warm-up: 3:37, 0:37 over the 3:00 standard \(recorded as a deviation\)/,
    );
    const events = await services.db.events.toArray();
    expect(events.map((e) => e.type).sort()).toEqual(['scanner.powerOn', 'scanner.ready']);
  });

  it("shows each scanner's QC due status and the flags that gate an exam start", async () => {
    const services = testServices();
    const action = QUALITY_EVENT_TYPES.find((e) => e.type === 'qc.resultRecorded')!.example; // CT 1, water +9 HU
    await services.runs.recordEvent('qc.resultRecorded', action);
    renderWith(<WorklistPage />, services);
    const qc = async (id: string) => {
      await waitFor(() => expect(document.querySelector(`[data-qc="${id}"]`)).not.toBeNull());
      return document.querySelector<HTMLElement>(`[data-qc="${id}"]`)!;
    };
    const ct1 = await qc('ct-1');
    expect(ct1.querySelector('[data-due]')?.textContent).toBe('CT daily QC: done');
    expect([...ct1.querySelectorAll('[data-flag]')].map((f) => f.textContent)).toEqual(['Last QC at action level']);
    const ct2 = await qc('ct-2');
    expect(ct2.querySelector('[data-due]')?.getAttribute('data-due')).toMatch(/^(due|overdue)$/);
    expect(ct2.querySelectorAll('[data-flag]')).toHaveLength(0); // no QC recorded here yet: not gated
  });

  // BUG: WorklistPage computes "finished today" from Date.now() instead of the services clock
  // (closedRunsSince(db, startOfDay(Date.now()))), so the list follows the real date, not the
  // tablet clock the app is given. Remove `.fails` once it uses `now()` from useServices.
  it('lists runs finished today by the services clock', async () => {
    const services = testServices();
    services.clock.now = Date.UTC(2025, 0, 10, 9, 0);
    const id = await addRun(services, 'GONE', 'routine', services.clock.now - 20 * MIN);
    await runCommand(
      services.db,
      services.vault,
      lookup,
      id,
      { type: 'cancel', reason: 'patient left' },
      { user: 'tester', now: services.clock.now },
    );
    renderWith(<WorklistPage />, services);
    await screen.findByText(/No exams waiting/);
    expect((await screen.findByText('1 finished today', {}, { timeout: 1500 })).tagName).toBe('SUMMARY');
  });
});
