// Typed text on the step card (reasons, text answers) is checked by the rules the server applies,
// next to the field, before anything is stored: what the tablet keeps, the server will accept.
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { REASON_MAX_LENGTH } from '../../../domain/events/text-rules';
import type { RunCommand } from '../../../domain/run/run.types';
import { step } from '../../../sops/scenario';
import { renderWith, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import RunPage from './RunPage';

const SCREENED: RunCommand[] = [
  ...step({ twoIdentifiers: true, requestMatches: true }),
  ...step({ pregnancy: 'no' }),
] as RunCommand[];
const TO_SEND: RunCommand[] = [
  ...SCREENED,
  ...step({ metalRemoved: true, procedureExplained: true }),
  ...step({ supineArmsUp: true, centred: true }),
  ...step({ breathHoldPractised: true }),
  ...step({ protocol: 'routine', scanDone: true, dlp: 320 }),
  ...step({ fullCoverage: true, motionArtefact: false, reconstructions: true }),
] as RunCommand[];

async function openRun(before: readonly RunCommand[]) {
  const services = testServices();
  const id = await services.runs.createRun({
    kind: 'exam',
    sop: { id: 'chest-ct', version: 1 },
    priority: 'routine',
    scanner: 'CT 1',
    timerRules: services.timerRules,
    patient: { patientId: 'P-78', sex: 'male', language: 'en', ageYears: 51 },
  });
  for (const c of before) await services.runs.runCommand(id, c);
  renderWith(<RunPage id={id} />, services, `/run/${id}`);
  await screen.findByRole('heading', { level: 1 });
  const stored = async () => (await services.runs.getRun(id))!;
  return { services, stored, user: userEvent.setup() };
}

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

describe('typed text on the step card', { timeout: 15_000 }, () => {
  it('a reason with a control character is refused in the dialog and nothing is stored', async () => {
    const { user, stored } = await openRun(SCREENED);
    await user.click(screen.getByRole('button', { name: 'Skip step' }));
    const dialog = await screen.findByRole('dialog', { name: 'Skip this step?' });
    const box = within(dialog).getByRole('textbox');
    expect(box.getAttribute('maxlength')).toBe(String(REASON_MAX_LENGTH));
    await user.click(box);
    await user.paste('patient in pain\u0007');
    expect(within(dialog).getByRole('alert').textContent).toBe(
      'The reason contains characters that cannot be stored (invisible control or broken characters): scan or type it again.',
    );
    const confirm = within(dialog).getByRole('button', { name: 'Skip step' });
    expect(confirm).toHaveProperty('disabled', true);
    await user.click(confirm);
    expect((await stored()).state.context.skips).toEqual([]);
    await user.click(box);
    await user.keyboard('{End}{Backspace}');
    expect(confirm).toHaveProperty('disabled', false);
    expect(within(dialog).queryByRole('alert')).toBeNull();
  });

  it('a text answer with a control character stays in the field with a message, unsaved', async () => {
    const { user, stored } = await openRun(TO_SEND);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Send images and complete the record');
    const notes = screen.getByRole('textbox', { name: /^Notes/ });
    expect(notes.getAttribute('maxlength')).toBe('500');
    await user.click(notes);
    await user.paste('contrast \u0000 line');
    await user.tab();
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /^Notes for the reporting radiologist contains characters that cannot be stored/,
    );
    expect(notes.getAttribute('aria-invalid')).toBe('true');
    expect((await stored()).state.context.answers).not.toHaveProperty('notes');
    await user.clear(notes);
    await user.type(notes, 'contrast line');
    await user.tab();
    await waitFor(async () => expect((await stored()).state.context.answers.notes).toBe('contrast line'));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
