// The quality forms on a real (fake-indexeddb) database: required fields and bad numbers get a
// message at the field and store nothing; a complete form stores one event; adverse reports are
// sealed at rest; a QA lead reviews QC and closes reports, a technologist cannot.
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderWith, testAccount, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import type { Role } from '../../../domain/auth/roles';
import { QUALITY_EVENT_TYPES } from '../../../domain/events/registry';
import { QUALITY_TYPE_NAMES } from '../../../db/quality.repo';
import { openEvents } from '../../../db/run-codec';
import QualityPage from './QualityPage';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

async function open(role: Role, tab: 'qc' | 'adverse' | 'review' | 'status' = 'qc') {
  const account = testAccount({ displayName: 'Test', role });
  const services = testServices({ account });
  const view = renderWith(<QualityPage initialTab={tab} />, services, '/quality');
  await screen.findByRole('heading', { level: 1, name: 'Quality records' });
  return { services, view, user: userEvent.setup() };
}
const stored = async (s: ReturnType<typeof testServices>) => openEvents(s.vault, await s.db.events.toArray());

describe('QualityPage', { timeout: 20_000 }, () => {
  it('knows every quality type of the registry by name', () => {
    expect([...QUALITY_TYPE_NAMES].sort()).toEqual(QUALITY_EVENT_TYPES.map((e) => e.type).sort());
  });

  it('QC form: a bad number and an unanswered test get messages at their fields, and nothing is stored', async () => {
    const { services, user } = await open('technologist');
    await user.type(await screen.findByLabelText('Water CT number (HU)'), 'nine');
    await user.click(screen.getByRole('button', { name: 'Save QC result' }));
    const alerts = (await screen.findAllByRole('alert')).map((a) => a.textContent);
    expect(alerts).toEqual([
      'Water CT number: "nine" is not a number',
      'Noise (SD): enter a value, or mark the test not done',
      'No visible artefacts: choose pass or fail, or mark it not done',
      'Vendor daily QC passed: choose pass or fail, or mark it not done',
    ]);
    expect(await services.db.events.count()).toBe(0);
  });

  it('QC form: water +9 HU shows "Action" as typed and stores the result with the reference and windows', async () => {
    const { services, user } = await open('technologist');
    await user.type(await screen.findByLabelText('Water CT number (HU)'), '9');
    expect(within(screen.getByRole('group', { name: 'Water CT number' })).getByText('Action')).toBeTruthy();
    expect(screen.getByText('ref 0 HU · OK -4…4 · action beyond -5…5')).toBeTruthy();
    await user.type(screen.getByLabelText('Noise (SD) (HU)'), '5.2');
    for (const name of ['No visible artefacts', 'Vendor daily QC passed'])
      await user.click(within(screen.getByRole('radiogroup', { name })).getByRole('radio', { name: 'Pass' }));
    await user.click(screen.getByRole('button', { name: 'Save QC result' }));
    await screen.findByText('QC result saved: Action');
    const [e] = await stored(services);
    expect(e).toMatchObject({
      type: 'qc.resultRecorded',
      payload: {
        scannerId: 'ct-1',
        outcome: 'action',
        items: [
          { testId: 'waterHu', value: 9, outcome: 'action', tolerance: { reference: 0, tolerance: 4, action: 5 } },
          {},
          {},
          {},
        ],
      },
    });
  });

  it('adverse form: names every missing field and stores nothing; a complete report is stored sealed', async () => {
    const { services, user } = await open('technologist', 'adverse');
    await user.click(screen.getByRole('button', { name: 'Save report' }));
    expect((await screen.findAllByRole('alert')).map((a) => a.textContent)).toEqual([
      'What happened (kind): choose what kind of event this was',
      'Event class (AHRQ Common Formats): choose the event class',
      'Harm (AHRQ harm scale): choose the harm',
      'What happened: describe what happened',
      'Actions taken: describe the actions taken',
    ]);
    expect(await services.db.events.count()).toBe(0);
    await user.click(screen.getByRole('radio', { name: 'Contrast reaction' }));
    await user.type(screen.getByLabelText('Volume (ml)'), '9o');
    await user.click(
      within(screen.getByRole('group', { name: 'Severity (ACR)' })).getByRole('radio', { name: /^Moderate/ }),
    );
    expect(screen.getByText(/Diffuse urticaria, diffuse erythema/)).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: /^Incident with harm/ }));
    await user.click(screen.getByRole('radio', { name: /^Mild harm/ }));
    await user.type(screen.getByLabelText('What happened'), 'Hives and facial oedema 4 min after injection');
    await user.type(screen.getByLabelText('Actions taken'), 'Antihistamine IV, observed 60 min');
    await user.click(screen.getByRole('button', { name: 'Save report' }));
    expect((await screen.findAllByRole('alert')).map((a) => a.textContent)).toEqual([
      'Volume (ml): "9o" is not a number',
      'Reaction type (ACR): choose allergic-like or physiologic',
    ]);
    expect(await services.db.events.count()).toBe(0);
    await user.clear(screen.getByLabelText('Volume (ml)'));
    await user.type(screen.getByLabelText('Volume (ml)'), '90');
    await user.click(screen.getByRole('radio', { name: 'Allergic-like' }));
    await user.click(screen.getByRole('button', { name: 'Save report' }));
    await screen.findByText(/Report saved/);
    const raw = await services.db.events.toArray();
    expect(raw).toHaveLength(1);
    expect(raw[0]).toMatchObject({ type: 'adverse.reported', sealed: expect.anything() });
    expect(JSON.stringify(raw[0])).not.toContain('Hives');
    // The form starts afresh: a second tap on Save files no duplicate report.
    expect((screen.getByLabelText('What happened') as HTMLTextAreaElement).value).toBe('');
    await user.click(screen.getByRole('button', { name: 'Save report' }));
    await screen.findByText('What happened: describe what happened');
    expect(await services.db.events.count()).toBe(1);
    expect((await stored(services))[0]?.payload).toMatchObject({
      kind: 'contrastReaction',
      contrast: { volumeMl: 90, severity: 'moderate', reactionType: 'allergicLike' },
    });
  });

  it('a QA lead reviews an action result and closes a report; a technologist sees no such buttons', async () => {
    const { services, user } = await open('qaLead', 'review');
    const result = QUALITY_EVENT_TYPES.find((e) => e.type === 'qc.resultRecorded')!.example;
    await services.runs.recordEvent('qc.resultRecorded', result);
    await services.runs.recordEvent(
      'adverse.reported',
      QUALITY_EVENT_TYPES.find((e) => e.type === 'adverse.reported')!.example,
    );
    await screen.findByRole('heading', { name: 'Awaiting QA review (1)' });
    await user.type(screen.getByLabelText('Review note'), 'Physicist recalibrated');
    await user.click(screen.getByRole('button', { name: 'Mark reviewed' }));
    await screen.findByRole('heading', { name: 'Awaiting QA review (0)' });
    await user.click(screen.getByRole('button', { name: 'Adverse events' }));
    await user.click(await screen.findByRole('button', { name: 'Close report' }));
    await waitFor(() => expect(document.querySelector('[data-report]')?.getAttribute('data-status')).toBe('closed'));

    const tech = await open('technologist', 'review');
    await tech.services.runs.recordEvent('qc.resultRecorded', result);
    expect(await screen.findAllByRole('heading', { name: 'Awaiting QA review (1)' })).toHaveLength(1);
    expect(screen.queryAllByRole('button', { name: 'Mark reviewed' })).toHaveLength(0);
  });
});
