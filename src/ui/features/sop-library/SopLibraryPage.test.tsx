// The SOP library: built-in cards listed, JSON import rejected with reasons or stored and listed.
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SopDefinition } from '../../../domain/sop/sop.schema';
import { chestCtV1 as chestCt } from '../../../sops/published';
import { renderWith, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import SopLibraryPage from './SopLibraryPage';

const card = (key: string) => document.querySelector<HTMLElement>(`[data-sop="${key}"]`);
const jsonFile = (text: string) => new File([text], 'card.json', { type: 'application/json' });
const siteCard = (): SopDefinition => ({
  ...structuredClone(chestCt),
  id: 'chest-ct-site',
  title: 'chestCtSite.title',
  description: 'chestCtSite.description',
  messages: {
    en: { 'chestCtSite.title': 'Chest CT (site edition)', 'chestCtSite.description': 'Our local chest CT card.' },
    'zh-CN': { 'chestCtSite.title': '胸部 CT（本院版）', 'chestCtSite.description': '本院胸部 CT 步骤卡。' },
  },
});

async function open() {
  const services = testServices();
  renderWith(<SopLibraryPage />, services, '/library');
  await screen.findByRole('heading', { level: 1, name: 'SOP library' });
  const upload = (text: string) =>
    userEvent.setup().upload(screen.getByLabelText('Import card (JSON)'), jsonFile(text));
  return { services, upload };
}

beforeAll(async () => {
  await initTestI18n();
  // Import loads the validator (and zod) lazily; load it once up front and allow for a busy machine.
  await import('../../../domain/sop/sop.validate');
  configure({ asyncUtilTimeout: 4000 });
});

describe('SopLibraryPage', { timeout: 15_000 }, () => {
  it('lists the built-in chest CT card at its current version, with v1 kept as an earlier version', async () => {
    await open();
    const chest = card('chest-ct@2')!;
    expect(chest).not.toBeNull();
    expect(within(chest).getByRole('heading', { level: 2 }).textContent).toBe('Chest CT (non-contrast)');
    expect(chest.textContent).toContain('v2 · 10 steps');
    expect(chest.querySelector('[data-earlier]')!.textContent).toContain(
      '1 earlier version, kept for exams that follow it',
    );
    expect(chest.querySelector('[data-sop="chest-ct@1"]')).not.toBeNull();
    expect(document.querySelectorAll('article[data-sop^="chest-ct@"]')).toHaveLength(1);
    expect(chest.textContent).toContain("The department's standard card for a plain chest CT.");
    expect(within(chest).getByText('2 values the site must confirm')).toBeTruthy();
  });

  it('lets you read a card’s steps and items before using it', async () => {
    await open();
    const steps = card('contrast-abdomen-ct@2')!.querySelector<HTMLElement>('[data-sop-steps]')!;
    expect(steps.querySelector('summary')!.textContent).toBe('Read the 18 steps');
    const cannula = steps.querySelector<HTMLElement>('[data-step="cannulaRemoval"]')!;
    expect(cannula.textContent).toContain('Remove the cannula');
    expect(cannula.textContent).toContain('only after “Contrast observation”');
    expect(cannula.textContent).toContain('may be skipped with a reason');
  });

  it('rejects a file that is not JSON', async () => {
    const { services, upload } = await open();
    await upload('{ "id": "chest-ct-site", ');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The card was not imported.');
    expect(within(alert).getByRole('listitem').textContent).toMatch(/^The file: is not valid JSON: /);
    expect(await services.db.sops.count()).toBe(0);
  });

  it('shows where an invalid definition is wrong and stores nothing', async () => {
    const { services, upload } = await open();
    const bad = {
      ...siteCard(),
      start: 'nowhere',
      steps: siteCard().steps.map((s) => (s.id === 'scan' ? { ...s, next: 'imageCheck' } : s)),
    };
    await upload(JSON.stringify(bad));
    const alert = await screen.findByRole('alert');
    const problems = within(alert)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    // In words first (which step, which field), the exact path kept for whoever edits the JSON.
    expect(problems).toEqual([
      'First step: refers to unknown step "nowhere"For whoever edits the JSON: start',
      'Step 7 “scan” › next step: refers to unknown step "imageCheck"For whoever edits the JSON: steps[6] (scan).next',
    ]);
    expect(
      within(alert)
        .getAllByText(/^start$|^steps\[6\] \(scan\)\.next$/)
        .every((el) => el.tagName === 'CODE'),
    ).toBe(true);
    expect(await services.db.sops.count()).toBe(0);
    expect(card('chest-ct-site@1')).toBeNull();
  });

  it('names an unknown field and a text key without text', async () => {
    const { services, upload } = await open();
    await upload(JSON.stringify({ ...siteCard(), colour: 'blue' }));
    expect(within(await screen.findByRole('alert')).getByRole('listitem').textContent).toMatch(
      /^The card as a whole: unknown field\(s\): colourFor whoever edits the JSON/,
    );
    await upload(JSON.stringify({ ...siteCard(), title: 'chestCtSite.noSuchTitle' }));
    await waitFor(() =>
      expect(
        within(screen.getByRole('alert'))
          .getAllByRole('listitem')
          .map((li) => li.textContent),
      ).toEqual(['Title: text key "chestCtSite.noSuchTitle" has no textFor whoever edits the JSON: title']),
    );
    expect(await services.db.sops.count()).toBe(0);
  });

  it('stores and lists a valid new card with its own texts', async () => {
    const { services, upload } = await open();
    await upload(JSON.stringify(siteCard()));
    // The banner may show the text key for a moment until the library has registered the card's texts.
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Imported “Chest CT (site edition)” version 1.'),
    );
    await waitFor(() => expect(card('chest-ct-site@1')).not.toBeNull());
    expect(within(card('chest-ct-site@1')!).getByRole('heading', { level: 2 }).textContent).toBe(
      'Chest CT (site edition)',
    );
    expect(card('chest-ct-site@1')!.textContent).toContain('Our local chest CT card.');
    const rows = await services.db.sops.toArray();
    expect(rows.map((r) => [r.id, r.version, r.source, r.addedAt])).toEqual([
      ['chest-ct-site', 1, 'import', services.clock.now],
    ]);
    expect(rows[0]!.definition).toEqual(siteCard());
    await upload(JSON.stringify(siteCard()));
    await screen.findByText('“Chest CT (site edition)” version 1 is already here; nothing changed.');
    expect(await services.db.sops.count()).toBe(1);
  });

  it('refuses an edited built-in card under the same version', async () => {
    const { services, upload } = await open();
    await upload(JSON.stringify({ ...structuredClone(chestCt), siteMustConfirm: [] }));
    expect(within(await screen.findByRole('alert')).getByRole('listitem').textContent).toMatch(
      /^Version: chest-ct version 1 is a built-in card/,
    );
    expect(await services.db.sops.count()).toBe(0);
  });
});
