// The QA dashboard on a real (fake-indexeddb) tablet database: loading, then empty for an empty
// tablet; a seeded month pulled onto the tablet shows the figures the pure functions give; a tile
// opens the runs that missed it and a run opens its record; CSV downloads are audited; the printable
// report carries the definitions; a technologist is not shown the figures.
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderWith, testAccount, testServices } from '../../../../test/setup/render';
import { builtInLookup, seedLogs } from '../../../../test/setup/seed-kpi';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import type { Role } from '../../../domain/auth/roles';
import { dashboard } from '../../../domain/kpi/kpi';
import { seededMonth } from '../../../domain/kpi/kpi.month';
import { projectQuality } from '../../../domain/quality/quality.projection';
import { projectRun } from '../../../domain/run/run.projection';
import { openEvents } from '../../../db/run-codec';
import { dateInput, minutes, pct } from './dashboard.format';
import { presetPeriod } from './dashboard.periods';
import DashboardPage from './DashboardPage';

const DAY = 24 * 3600_000;
const FROM = Date.UTC(2026, 10, 1);
const period = { from: FROM + 7 * DAY, to: FROM + 14 * DAY };
const month = seededMonth(FROM, 14, 6);

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 8000 });
});
afterEach(() => vi.restoreAllMocks());

async function open(role: Role, seed = true) {
  const services = testServices({ account: testAccount({ role }) });
  if (seed) await seedLogs(services.db, services.vault, month.logs, services.clock.now);
  const view = renderWith(<DashboardPage initial={{ period }} />, services, '/dashboard');
  return { services, view, user: userEvent.setup() };
}

function expected() {
  const runs = month.logs.map((log) => {
    const { id, version } = (log[0]!.payload as { sop: { id: string; version: number } }).sop;
    return projectRun(log, builtInLookup(id, version));
  });
  const quality = projectQuality([], { mayReview: () => true, mayManage: () => true });
  return dashboard({ runs, quality, timeZone: 'UTC' }, period, {}, Date.UTC(2026, 10, 23, 9)).current;
}

const figure = (id: string) => document.querySelector(`.dash-tiles [data-figure="${id}"]`)?.firstChild?.textContent;

describe('DashboardPage', { timeout: 60_000 }, () => {
  it('shows loading first, then says the period is empty on an empty tablet', async () => {
    await open('qaLead', false);
    expect(screen.getByRole('status').textContent).toBe('Loading…');
    await screen.findByText('No runs or QC results in this period with these filters.');
    expect(screen.getByText('Figures over the runs and records this tablet holds (offline).')).toBeTruthy();
  });

  it('a saved period sets the dates: last month, in the tablet calendar', async () => {
    const { services, user } = await open('qaLead', false);
    await screen.findByText('No runs or QC results in this period with these filters.');
    const picker = screen.getByLabelText<HTMLSelectElement>('Period');
    expect(picker.value).toBe(''); // the dates given are no saved period
    await user.selectOptions(picker, 'Last month');
    const last = presetPeriod('lastMonth', services.clock.now);
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('From').value).toBe(dateInput(last.from)));
    expect(screen.getByLabelText<HTMLInputElement>('To (inclusive)').value).toBe(dateInput(last.to - DAY));
    expect(screen.getByLabelText<HTMLSelectElement>('Period').value).toBe('lastMonth');
  });

  it('shows the figures the KPI functions give over the tablet’s runs, with the previous period', async () => {
    await open('qaLead');
    await screen.findByRole('heading', { level: 1, name: 'QA dashboard' });
    await waitFor(() => expect(figure('runs')).toBe(String(7 * 8)));
    const k = expected();
    expect(k.emergencyResponse.counts.missed).toBeGreaterThan(0); // the month has late emergencies
    expect(figure('emergencyResponse')).toBe(pct(k.emergencyResponse.withinTarget));
    expect(figure('waiting')).toBe(minutes(k.waiting.medianMs));
    expect(figure('reportHandoff')).toBe(pct(k.reportHandoff.withinTarget));
    const tile = screen.getByRole('article', { name: 'Emergency response ≤ 5 min' });
    expect(within(tile).getByText(/^previous period: /)).toBeTruthy();
    expect(within(tile).getByText(/^Emergency exams, from arrival/)).toBeTruthy(); // the definition
    // jsdom has no matchMedia, so uPlot fails to load: the boundary keeps it to the chart's place.
    expect(await screen.findByText(/^The chart could not be drawn here/)).toBeTruthy();
  });

  it('opens the runs that missed a figure; a run opens its record', async () => {
    const { user, view } = await open('qaLead');
    const tile = await screen.findByRole('article', { name: 'Emergency response ≤ 5 min' });
    const k = expected();
    const misses = k.emergencyResponse.misses;
    await user.click(
      within(tile).getByRole('button', { name: `Runs and records behind this figure (${misses.length})` }),
    );
    const list = screen.getByRole('region', { name: /Emergency response ≤ 5 min$/ });
    const rows = within(list).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(misses.length);
    expect(rows[0]!.textContent).toContain('missed');
    await user.click(rows[0]!);
    expect(view.location.history!.at(-1)).toBe(`/run/${misses[0]!.runId}`);
  });

  it('a CSV download is recorded in the audit trail with what was exported', async () => {
    const { services, user } = await open('qaLead');
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() });
    const steps = await screen.findByRole('region', { name: 'Time per step and its spread' });
    await user.click(within(steps).getByRole('button', { name: 'CSV' }));
    await waitFor(() => expect(click).toHaveBeenCalledOnce());
    const csv = await ((URL.createObjectURL as ReturnType<typeof vi.fn>).mock.calls[0]![0] as Blob).text();
    expect(csv.split('\r\n')[0]).toBe(
      'Card,Step,Visits,Median,90th percentile,Spread between technologists,Slowest technologist',
    );
    expect(csv).toContain('chest-ct v1,positioning,');
    const audit = (await openEvents(services.vault, await services.db.events.toArray(), services.db)).filter(
      (e) => e.type === 'audit.entry',
    );
    expect(audit.map((e) => e.payload)).toEqual([
      { action: 'export', subject: 'dashboard-steps', detail: expect.stringMatching(/^\d+ rows, .+, as csv$/) },
    ]);
  });

  it('the printable report has the period, every figure with its definition, and audits the print', async () => {
    const { services, user } = await open('qaLead');
    await user.click(await screen.findByRole('button', { name: 'Printable report' }));
    expect(screen.getByText(/^Period .+ to .+, produced /)).toBeTruthy();
    expect(screen.getByText(/^Definition: Emergency exams, from arrival/)).toBeTruthy();
    const print = vi.fn();
    vi.stubGlobal('print', print);
    await user.click(screen.getByRole('button', { name: 'Print' }));
    await waitFor(() => expect(print).toHaveBeenCalledOnce());
    const audit = (await services.db.events.toArray()).filter((e) => e.type === 'audit.entry');
    expect(audit.map((e) => (e.payload as { subject: string }).subject)).toEqual(['dashboard-report']);
    vi.unstubAllGlobals();
  });

  it('is not shown to a technologist', async () => {
    await open('technologist', false);
    expect(screen.getByRole('alert').textContent).toBe('The QA dashboard is for QA leads and administrators.');
  });
});
