// The QC test-set editor on a real (fake-indexeddb) database: only QA leads and administrators see it;
// every missing field and bad number is named and nothing is stored half-filled; saving records the
// next version; a result recorded before keeps the windows it was measured against.
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderWith, testAccount, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import type { Role } from '../../../domain/auth/roles';
import { openEvents } from '../../../db/run-codec';
import { evaluateResult } from '../../../domain/quality/qc-result';
import { defaultTestSets } from '../../../domain/quality/qc-sets';
import QualityPage from './QualityPage';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

async function open(role: Role) {
  const services = testServices({ account: testAccount({ displayName: 'Test', role }) });
  renderWith(<QualityPage />, services, '/quality');
  await screen.findByRole('heading', { name: 'Scanners and QC schedule' });
  return { services, user: userEvent.setup() };
}
type S = Awaited<ReturnType<typeof open>>['services'];
const stored = async (s: S) => openEvents(s.vault, await s.db.events.toArray());
const row = (key: string) => document.querySelector<HTMLElement>(`[data-test-row="${key}"]`)!;
const rows = () => [...document.querySelectorAll<HTMLElement>('[data-test-row]')];

describe('QC test-set editor', { timeout: 30_000 }, () => {
  it('is not offered to a technologist', async () => {
    await open('technologist');
    expect(screen.queryByRole('button', { name: 'QC test sets' })).toBeNull();
  });

  it('names every missing field and bad number, stores nothing, then saves version 2', async () => {
    const { services, user } = await open('qaLead');
    await user.click(screen.getByRole('button', { name: 'QC test sets' }));
    await screen.findByText('Version 1 in force');
    expect(rows().map((r) => r.dataset.testRow)).toEqual(['waterHu', 'noiseSd', 'artefacts', 'vendorQc']);

    await user.clear(screen.getByLabelText(/^Set name/));
    await user.click(screen.getByRole('button', { name: 'Add a test' }));
    const added = rows().at(-1)!;
    await user.type(within(added).getByLabelText(/^Reference/), '5');
    await user.type(within(added).getByLabelText(/^Tolerance \(±\)/), '0,5x');
    await user.click(screen.getByRole('button', { name: 'Save as version 2' }));
    expect((await screen.findAllByRole('alert')).map((a) => a.textContent)).toEqual([
      'Set name must not be empty',
      'Test 5: Name must not be empty',
      'Test 5: Unit must not be empty',
      'Test 5: Tolerance: "0,5x" is not a number',
      'Test 5: Action level: enter a number',
    ]);
    expect(
      within(added)
        .getByLabelText(/^Tolerance \(±\)/)
        .getAttribute('aria-invalid'),
    ).toBe('true');
    expect(await services.db.events.count()).toBe(0);

    await user.type(screen.getByLabelText(/^Set name/), 'CT daily QC');
    await user.type(within(added).getByLabelText(/^Name/), 'Slice thickness');
    await user.type(within(added).getByLabelText(/^Unit/), 'mm');
    await user.clear(within(added).getByLabelText(/^Tolerance \(±\)/));
    await user.type(within(added).getByLabelText(/^Tolerance \(±\)/), '10');
    await user.type(within(added).getByLabelText(/^Action level \(±\)/), '20');
    await user.selectOptions(within(added).getByLabelText(/^Windows in/), 'percent');
    await user.selectOptions(within(added).getByLabelText(/^Deviations that count/), 'upper');
    expect(within(added).getByText(/^OK – … 5.5 mm · action beyond – … 6$/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Move test 5 up' }));
    await user.click(within(row('artefacts')).getByRole('button', { name: 'Remove test 3' }));
    expect(rows().map((r) => r.dataset.testRow)).toEqual(['waterHu', 'noiseSd', added.dataset.testRow, 'vendorQc']);
    await user.click(screen.getByRole('button', { name: 'Save as version 2' }));
    await screen.findByText('CT daily QC saved as version 2.');
    const [e] = await stored(services);
    expect(e).toMatchObject({ type: 'qc.testSetDefined', payload: { scannerId: 'ct-1', setId: 'daily', version: 2 } });
    const tests = (e!.payload as { tests: { id: string }[] }).tests;
    expect(tests.map((x) => x.id)).toEqual(['waterHu', 'noiseSd', 'sliceThickness', 'vendorQc']);
    expect(tests[2]).toEqual({
      id: 'sliceThickness',
      label: 'Slice thickness',
      kind: 'numeric',
      unit: 'mm',
      tolerance: { reference: 5, kind: 'percent', tolerance: 10, action: 20, side: 'upper' },
    });
    await screen.findByText('Version 2 in force');
    expect(screen.getByRole('button', { name: 'Save as version 3' })).toBeTruthy();
  });

  it('an edit does not change the windows an earlier result was measured against', async () => {
    const { services, user } = await open('qaLead');
    const daily = defaultTestSets('CT').find((s) => s.setId === 'daily')!;
    const inputs = {
      waterHu: { text: '4.5' },
      noiseSd: { text: '5' },
      artefacts: { passed: true },
      vendorQc: { passed: true },
    };
    const r = evaluateResult(daily, 'ct-1', crypto.randomUUID(), inputs);
    if (!('result' in r)) throw new Error('bad inputs');
    await services.runs.recordEvent('qc.resultRecorded', r.result);

    await user.click(screen.getByRole('button', { name: 'QC test sets' }));
    await screen.findByText('Version 1 in force');
    const water = row('waterHu');
    await user.clear(within(water).getByLabelText(/^Tolerance \(±\)/));
    await user.type(within(water).getByLabelText(/^Tolerance \(±\)/), '5');
    await user.clear(within(water).getByLabelText(/^Action level \(±\)/));
    await user.type(within(water).getByLabelText(/^Action level \(±\)/), '6');
    await user.click(screen.getByRole('button', { name: 'Save as version 2' }));
    await screen.findByText('Version 2 in force');

    await user.click(screen.getByRole('button', { name: /^Review queue/ }));
    expect(await screen.findByText('Water CT number: 4.5 HU (Tolerance, ref 0, ±4/±5)')).toBeTruthy();
    const result = (await stored(services)).find((x) => x.type === 'qc.resultRecorded')!;
    expect((result.payload as { items: { tolerance?: unknown }[] }).items[0]!.tolerance).toEqual({
      reference: 0,
      kind: 'absolute',
      tolerance: 4,
      action: 5,
    });
    // New results are measured against version 2.
    await user.click(screen.getByRole('button', { name: 'Record QC' }));
    await waitFor(() => expect(screen.getByRole('option', { name: 'CT daily QC (v2)' })).toBeTruthy());
  });
});
