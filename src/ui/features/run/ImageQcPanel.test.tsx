// The image-QC decision on a real (fake-indexeddb) database: missing fields and a bad count get a
// message at the field and store nothing; a reject stores one sealed event naming the run, card
// version and scanner, with its CID 7011 reason, and shows among this exam's decisions.
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderWith, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { openEvents } from '../../../db/run-codec';
import type { RunHeader } from '../../../domain/run/run.header';
import { DEFAULT_TIMER_RULES } from '../../../domain/timers/timers';
import { ImageQcPanel } from './ImageQcPanel';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

const RUN = '0b7c2a9e-3f1d-4c55-9a8e-2d6f1b4e7a10';
const header: RunHeader = {
  runId: RUN,
  kind: 'exam',
  sop: { id: 'chest-ct', version: 2 },
  priority: 'routine',
  arrivedAt: 0,
  scanner: 'CT 2',
  timerRules: DEFAULT_TIMER_RULES,
};

describe('image QC on the exam card', { timeout: 20_000 }, () => {
  it('names the missing decision and count, refuses a count that is not whole, and stores nothing', async () => {
    const services = testServices();
    renderWith(<ImageQcPanel runId={RUN} header={header} />, services, `/run/${RUN}`);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Record image QC' }));
    expect((await screen.findAllByRole('alert')).map((a) => a.textContent)).toEqual([
      'Choose accepted, repeated or rejected.',
      'Number of images is required.',
    ]);
    await user.click(screen.getByRole('radio', { name: 'Rejected' }));
    await user.type(screen.getByRole('textbox', { name: /^Number of images/ }), '2.5');
    await user.click(screen.getByRole('button', { name: 'Record image QC' }));
    await waitFor(() =>
      expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual([
        'Number of images must be a whole number from 1 to 100000.',
        'A repeat or reject needs its reason.',
      ]),
    );
    expect(await services.db.events.count()).toBe(0);
  });

  it('stores a reject with its reason, the run, card version and scanner, sealed', async () => {
    const services = testServices();
    renderWith(<ImageQcPanel runId={RUN} header={header} />, services, `/run/${RUN}`);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('radio', { name: 'Rejected' }));
    await user.type(screen.getByLabelText('Number of images *'), '2');
    await user.selectOptions(screen.getByLabelText('Reason (DICOM CID 7011) *'), '111210');
    await user.click(screen.getByRole('button', { name: 'Record image QC' }));
    const list = await screen.findByRole('list', { name: 'Recorded for this exam' });
    expect(within(list).getByRole('listitem').textContent).toBe('Rejected: 2 — Motion blur');
    const raw = await services.db.events.toArray();
    expect(JSON.stringify(raw)).not.toContain('111210'); // sealed at rest
    const [event] = await openEvents(services.vault, raw);
    expect(event).toMatchObject({
      type: 'imageQc.recorded',
      payload: {
        runId: RUN,
        scannerId: 'ct-2',
        sopId: 'chest-ct',
        sopVersion: 2,
        outcome: 'reject',
        images: 2,
        reason: '111210',
      },
    });
    expect(screen.queryAllByRole('alert')).toEqual([]);
  });
});
