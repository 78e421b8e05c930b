// The card editor against a fake server answering as the real routes do (no draft yet: the editor
// starts from the tablet's current card): add and reorder steps, a range error beside the field, a
// branch rule from pickers, undo/redo, missing texts flagged, and saving the draft.
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderWith, testAccount, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { AuthApiError } from '../../../auth/auth-api';
import type { SopDefinition } from '../../../domain/sop/sop.schema';
import CardEditorPage from './CardEditorPage';

beforeAll(async () => {
  await initTestI18n();
  await import('../../../domain/sop/sop.validate');
  configure({ asyncUtilTimeout: 8000 });
});

type Call = { method: string; path: string; body?: unknown };
function open(sopId = 'chest-ct') {
  const calls: Call[] = [];
  const account = testAccount({
    role: 'admin',
    fetchJson: <T,>(path: string): Promise<T> => {
      calls.push({ method: 'GET', path });
      return Promise.reject(new AuthApiError(404, `card "${sopId}" has no draft`));
    },
    sendJson: <T,>(method: string, path: string, body?: unknown): Promise<T> => {
      calls.push({ method, path, body });
      const b = body as { definition: SopDefinition; changeNote: string };
      return Promise.resolve({
        sopId,
        ...b,
        editors: ['tester'],
        updatedAt: 1,
        baseVersion: 2,
        rollbackOf: null,
        errors: [],
        blockers: [],
      } as T);
    },
  });
  renderWith(<CardEditorPage sopId={sopId} />, testServices({ account }), `/editor/${sopId}`);
  return { calls };
}

const steps = () => [...document.querySelectorAll<HTMLElement>('[data-step]')].map((s) => s.dataset.step);
const step = (id: string) => document.querySelector<HTMLElement>(`[data-step="${id}"]`)!;
const field = (at: string) => document.querySelector<HTMLInputElement>(`[data-at="${at}"]`)!;

// Each edit re-validates the whole card (about 1–2 s per edit in jsdom): on a loaded 2-core CI machine
// the longest test took over 30 s, so allow 120 s.
describe('CardEditorPage', { timeout: 120_000 }, () => {
  it('is closed to anyone who does not edit cards', async () => {
    renderWith(<CardEditorPage sopId="chest-ct" />, testServices({ account: testAccount({ role: 'qaLead' }) }));
    expect((await screen.findByRole('alert')).textContent).toContain('for administrators');
  });

  it('adds a step into the route, moves it, and undoes and redoes both', async () => {
    open();
    await screen.findByRole('heading', { name: 'Edit card chest-ct' });
    const before = steps();
    fireEvent.click(within(step('identity')).getByRole('button', { name: 'Add a step after identity' }));
    const added = `step${before.length + 1}`;
    expect(steps().slice(0, 3)).toEqual(['identity', added, 'screening']);
    fireEvent.click(screen.getByRole('button', { name: `Move step ${added} down` }));
    expect(steps().slice(0, 3)).toEqual(['identity', 'screening', added]);
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(steps().slice(0, 3)).toEqual(['identity', added, 'screening']);
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(steps()).toEqual(before);
    expect(screen.getByRole('button', { name: 'Undo' })).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByRole('button', { name: 'Redo' }));
    expect(steps().slice(0, 3)).toEqual(['identity', added, 'screening']);
    // Its title has no text yet: flagged in both staff languages and named beside the field.
    expect(document.querySelector(`[data-field-error="steps[1].title"]`)?.textContent).toContain('has no text');
    const row = document.querySelector(`[data-text-key="chest-ct.${added}.title"]`)!;
    expect(row.querySelectorAll('[data-missing]')).toHaveLength(2);
    fireEvent.change(within(row as HTMLElement).getByLabelText(`chest-ct.${added}.title (English)`), {
      target: { value: 'IV line check' },
    });
    expect(row.querySelectorAll('[data-missing]')).toHaveLength(1); // Chinese still missing
    expect(document.querySelector(`[data-field-error="steps[1].title"]`)).toBeNull();
  });

  it("shows a range error beside the field it names, as the engine's validator words it", async () => {
    open('ct-daily-qc');
    await screen.findByRole('heading', { name: 'Edit card ct-daily-qc' });
    const s = steps().indexOf('waterPhantom');
    expect(document.querySelector('[data-valid="true"]')).not.toBeNull();
    fireEvent.change(field(`steps[${s}].items[0].min`), { target: { value: '200' } });
    const message = await waitFor(() => {
      const e = document.querySelector(`[data-field-error="steps[${s}].items[0].max"]`);
      if (!e) throw new Error('no message yet');
      return e;
    });
    expect(message.textContent).toBe('max (100) is below min (200)');
    expect(message.closest('label')?.querySelector('input')).toBe(field(`steps[${s}].items[0].max`));
    expect(screen.getByRole('button', { name: 'Submit for approval' })).toHaveProperty('disabled', true);
  });

  it('builds a branch rule from the item, operator, value and target pickers', async () => {
    open();
    await screen.findByRole('heading', { name: 'Edit card chest-ct' });
    const screening = within(step('screening'));
    const add = screening.getByRole('button', { name: 'Add rule' });
    expect(add).toHaveProperty('disabled', true);
    fireEvent.change(screening.getByLabelText('Item'), { target: { value: 'priorImaging' } });
    fireEvent.change(screening.getByLabelText('Is'), { target: { value: 'eq' } });
    fireEvent.change(screening.getByLabelText('Value'), { target: { value: 'true' } });
    fireEvent.change(screening.getByLabelText('Go to'), { target: { value: 'complete' } });
    fireEvent.click(add);
    expect(step('screening').querySelector('[data-branch="1"]')?.textContent).toContain(
      'When priorImaging eq true → complete',
    );
    // The route check sees it at once: previews have one more way through the card to take.
    expect(screen.getByText(/screening → \(card complete\)/)).toBeTruthy();
  });

  it('saves the draft with its change note, and submits only a valid draft with a note', async () => {
    const { calls } = open();
    await screen.findByRole('heading', { name: 'Edit card chest-ct' });
    const required = field('steps[1].items[1].required'); // screening › priorImaging
    expect(required.checked).toBe(false);
    fireEvent.click(required);
    const submit = screen.getByRole('button', { name: 'Submit for approval' });
    expect(submit).toHaveProperty('disabled', true);
    expect(screen.getByText('Write a change note.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Change note (what changed and why)'), {
      target: { value: 'Prior imaging now required' },
    });
    expect(submit).toHaveProperty('disabled', false);
    fireEvent.click(submit);
    expect(await screen.findByText(/Submitted: an administrator or QA lead/)).toBeTruthy();
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe('/api/sops/chest-ct/draft');
    const body = put.body as { definition: SopDefinition; changeNote: string };
    expect(body.changeNote).toBe('Prior imaging now required');
    expect(body.definition.steps[1]!.items[1]).toMatchObject({ id: 'priorImaging', required: true });
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(field('steps[1].items[1].required').checked).toBe(false);
  });
});
