// Starting an exam: form checks, what is stored, the pinned card version and the navigation.
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { openRuns } from '../../../db/run-codec';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderWith, testAccount, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { PATIENT_NAME_MAX_LENGTH } from '../../../domain/events/text-rules';
import { addSopVersion } from '../../../db/sops.repo';
import { updateSyncMeta } from '../../../db/sync-meta.repo';
import { BUILT_IN_SOPS } from '../../../sops/library';
import { chestCt } from '../../../sops/chest-ct.sop';
import NewRunPage from './NewRunPage';

const CHEST_CT = 'Chest CT (non-contrast) (v2)';
const CONTRAST_CT = 'Abdomen CT with contrast (v2)';
const scannerGroup = () => screen.getByRole('group', { name: /Scanner/ });
const scannerNames = () =>
  within(scannerGroup())
    .queryAllByRole('radio')
    .map((r) => r.closest('label')!.textContent);

async function open() {
  const services = testServices();
  const view = renderWith(<NewRunPage />, services, '/new');
  await screen.findByRole('heading', { level: 1, name: 'New exam' });
  return { services, view, user: userEvent.setup() };
}

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 }); // a loaded CI machine can take over 1 s for a write + live query
});

describe('NewRunPage', { timeout: 15_000 }, () => {
  it('submitting an empty form shows every problem and stores nothing', async () => {
    const { services, view, user } = await open();
    await user.click(screen.getByRole('button', { name: /^Start/ }));
    const alerts = await screen.findAllByRole('alert');
    expect(alerts.map((a) => a.textContent)).toEqual([
      'Choose an exam card.',
      'Patient ID is required.',
      'Enter a date of birth or an age.',
      'Choose a scanner.',
    ]);
    expect(await services.db.runs.count()).toBe(0);
    expect(await services.db.events.count()).toBe(0);
    expect(view.location.history).toEqual(['/new']);
  });

  it('a valid form creates a run pinned to the newest chest-ct (v2) and opens it', async () => {
    const { services, view, user } = await open();
    await user.click(screen.getByRole('radio', { name: CHEST_CT }));
    await user.type(screen.getByLabelText('Patient ID *'), '  MRN-4711 ');
    await user.type(screen.getByLabelText('Age (years)'), '62');
    await user.click(screen.getByRole('radio', { name: 'Urgent' }));
    await user.click(screen.getByRole('radio', { name: 'CT 2' }));
    await user.click(screen.getByRole('button', { name: /^Start/ }));
    await waitFor(() => expect(view.location.history).toHaveLength(2));
    const runs = await openRuns(services.vault, await services.db.runs.toArray());
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(view.location.history).toEqual(['/new', `/run/${run.id}`]);
    expect(run.header).toMatchObject({
      kind: 'exam',
      sop: { id: 'chest-ct', version: 2 },
      priority: 'urgent',
      scanner: 'CT 2',
      arrivedAt: services.clock.now,
      patient: { patientId: 'MRN-4711', ageYears: 62, sex: 'unknown', language: 'en' },
    });
    expect(run.state.value).toBe('identity');
    expect(screen.queryAllByRole('alert')).toHaveLength(0);
  });

  it('what the form says is recorded as the run’s first command, and the card’s answers come from it', async () => {
    const services = testServices({ account: testAccount({ displayName: 'Wang Li' }) });
    const view = renderWith(<NewRunPage />, services, '/new');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('radio', { name: CONTRAST_CT }));
    await user.type(screen.getByLabelText('Patient ID *'), 'MRN-9');
    // Born 1961-05-02: 65 on the test day (2026-11-23), so "Older than 60?" is yes without asking.
    await user.type(screen.getByLabelText('Date of birth'), '1961-05-02');
    await user.click(within(screen.getByRole('group', { name: 'Sex' })).getByRole('radio', { name: 'Male' }));
    await user.click(screen.getByRole('radio', { name: 'CT 1' }));
    await user.click(screen.getByRole('button', { name: /^Start/ }));
    await waitFor(() => expect(view.location.history).toHaveLength(2));
    const [run] = await openRuns(services.vault, await services.db.runs.toArray());
    expect(run!.state.context.answers).toMatchObject({
      ageOver60: true,
      pregnancy: 'notApplicable',
      performedBy: 'Wang Li',
    });
    expect([...(run!.state.context.prefilled ?? [])].sort()).toEqual(['ageOver60', 'performedBy', 'pregnancy']);
    // In the log, after the creation: a replay anywhere gives the same answers.
    const { streamEvents } = await import('../../../db/runs.repo');
    const log = await streamEvents(services.db, services.vault, run!.id);
    expect(log.map((e) => e.type)).toEqual(['run.created', 'run.command']);
    expect(log[1]!.payload).toEqual({ type: 'known', facts: { ageYears: 65, sex: 'male', staffName: 'Wang Li' } });
  });

  // The age from a birth date is recorded with the run (its "known" facts): one the event registry
  // would refuse used to fail the whole start with a raw field path. The form says so at the field.
  it('a date of birth more than 130 years ago is refused next to the field, nothing stored', async () => {
    const { services, view, user } = await open();
    await user.click(screen.getByRole('radio', { name: CHEST_CT }));
    await user.type(screen.getByLabelText('Patient ID *'), 'MRN-9');
    await user.type(screen.getByLabelText('Date of birth'), '1880-05-02');
    await user.click(screen.getByRole('radio', { name: 'CT 1' }));
    await user.click(screen.getByRole('button', { name: /^Start/ }));
    expect((await screen.findAllByRole('alert')).map((a) => a.textContent)).toEqual([
      'Date of birth is more than 130 years ago.',
    ]);
    expect(await services.db.events.count()).toBe(0);
    expect(view.location.history).toEqual(['/new']);
  });

  it('offers the card version the department made current, else the newest, and follows a change', async () => {
    const { services, user } = await open();
    await addSopVersion(services.db, { ...chestCt, version: 3 }, BUILT_IN_SOPS, services.clock.now);
    expect(await screen.findByRole('radio', { name: 'Chest CT (non-contrast) (v3)' })).toBeTruthy();
    expect(screen.queryByRole('radio', { name: CHEST_CT })).toBeNull();

    // An earlier built-in version (published v1) the department went back to, as a pull brings it.
    await updateSyncMeta(services.db, { currentSops: { 'chest-ct': 1 } });
    await user.click(await screen.findByRole('radio', { name: 'Chest CT (non-contrast) (v1)' }));
    expect(screen.queryByRole('radio', { name: 'Chest CT (non-contrast) (v3)' })).toBeNull();

    await updateSyncMeta(services.db, { currentSops: { 'chest-ct': 4 } }); // not on this tablet yet
    expect(await screen.findByRole('radio', { name: 'Chest CT (non-contrast) (v3)' })).toBeTruthy();
  });

  it('a card with a patient but no age shows only that problem', async () => {
    const { services, user } = await open();
    await user.click(screen.getByRole('radio', { name: CHEST_CT }));
    await user.type(screen.getByLabelText('Patient ID *'), 'MRN-1');
    await user.click(screen.getByRole('radio', { name: 'CT 1' }));
    await user.click(screen.getByRole('button', { name: /^Start/ }));
    expect((await screen.findAllByRole('alert')).map((a) => a.textContent)).toEqual([
      'Enter a date of birth or an age.',
    ]);
    expect(await services.db.runs.count()).toBe(0);
  });

  // A scanned accession label used to pass the form, fail every push (the wire allows 64) and block the
  // tablet's outbox for good. The form now says so at the field, keeps what was scanned, stores nothing.
  it('a 74-character patient ID is refused next to the field, untruncated, and nothing is stored', async () => {
    const { services, view, user } = await open();
    const scanned = `ACC-${'0123456789'.repeat(7)}`;
    expect(scanned).toHaveLength(74);
    await user.click(screen.getByRole('radio', { name: CHEST_CT }));
    await user.type(screen.getByLabelText('Patient ID *'), scanned);
    await user.type(screen.getByLabelText('Age (years)'), '62');
    await user.click(screen.getByRole('radio', { name: 'CT 1' }));
    await user.click(screen.getByRole('button', { name: /^Start/ }));
    const field = screen.getByLabelText<HTMLInputElement>(/^Patient ID \*/);
    expect(within(field.closest('label')!).getByRole('alert').textContent).toBe(
      'Patient ID is too long: 74 characters, at most 64.',
    );
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(field.value).toBe(scanned); // a cut-off ID would name another patient: never truncated
    expect(await services.db.runs.count()).toBe(0);
    expect(await services.db.events.count()).toBe(0);
    expect(view.location.history).toEqual(['/new']);
  });

  it('a patient ID with a control character from a barcode is refused next to the field', async () => {
    const { services, user } = await open();
    await user.click(screen.getByRole('radio', { name: CHEST_CT }));
    await user.click(screen.getByLabelText('Patient ID *'));
    await user.paste('MRN\u001d4711'); // GS1 group separator
    await user.type(screen.getByLabelText('Age (years)'), '62');
    await user.click(screen.getByRole('radio', { name: 'CT 1' }));
    await user.click(screen.getByRole('button', { name: /^Start/ }));
    expect((await screen.findAllByRole('alert')).map((a) => a.textContent)).toEqual([
      'Patient ID contains characters that cannot be stored (invisible control or broken characters): scan or type it again.',
    ]);
    expect(await services.db.events.count()).toBe(0);
  });

  it('the name field stops at the limit the server accepts', async () => {
    await open();
    expect(screen.getByLabelText('Name').getAttribute('maxlength')).toBe(String(PATIENT_NAME_MAX_LENGTH));
  });

  it('the daily QC form asks for a QC card, not an "exam card"', async () => {
    renderWith(<NewRunPage />, testServices(), '/new?kind=qc');
    await screen.findByRole('heading', { level: 1 });
    expect(screen.getByRole('group', { name: /card/ }).querySelector('legend')!.textContent).toBe('QC card *');
  });

  it('offers only scanners of the card’s modality', async () => {
    const { user } = await open();
    expect(scannerNames()).toEqual(['CT 1', 'CT 2', 'MRI 1']);
    await user.click(screen.getByRole('radio', { name: CHEST_CT }));
    await waitFor(() => expect(scannerNames()).toEqual(['CT 1', 'CT 2']));
    expect(screen.queryByRole('radio', { name: 'MRI 1' })).toBeNull();
  });
});
