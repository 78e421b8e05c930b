// The SOP library: built-in cards listed, JSON import rejected with reasons or stored and listed.
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SopDefinition } from '../../../domain/sop/sop.schema';
import { chestCt } from '../../../sops/chest-ct.sop';
import { renderWith, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import SopLibraryPage from './SopLibraryPage';

const card = (key: string) => document.querySelector<HTMLElement>(`[data-sop="${key}"]`);
const jsonFile = (text: string) => new File([text], 'card.json', { type: 'application/json' });
const siteCard = (): SopDefinition => ({
  ...structuredClone(chestCt),
  id: 'chest-ct-site',
  title: 'chest-ct-site.title',
  description: 'chest-ct-site.description',
  messages: {
    en: { 'chest-ct-site.title': 'Chest CT (site edition)', 'chest-ct-site.description': 'Our local chest CT card.' },
    'zh-CN': { 'chest-ct-site.title': '胸部 CT（本院版）', 'chest-ct-site.description': '本院胸部 CT 步骤卡。' },
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
  it('lists the built-in chest CT card', async () => {
    await open();
    const chest = card('chest-ct@1')!;
    expect(chest).not.toBeNull();
    expect(within(chest).getByRole('heading', { level: 2 }).textContent).toBe('Chest CT (non-contrast)');
    expect(chest.textContent).toContain('v1 · 10 steps');
    expect(chest.textContent).toContain("The department's standard card for a plain chest CT.");
    expect(within(chest).getByText('2 values the site must confirm')).toBeTruthy();
  });

  it('rejects a file that is not JSON', async () => {
    const { services, upload } = await open();
    await upload('{ "id": "chest-ct-site", ');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The card was not imported.');
    expect(within(alert).getByRole('listitem').textContent).toMatch(/^\(file\): is not valid JSON: /);
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
    expect(problems).toEqual([
      'start: refers to unknown step "nowhere"',
      'steps[6] (scan).next: refers to unknown step "imageCheck"',
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
      /unknown field\(s\): colour$/,
    );
    await upload(JSON.stringify({ ...siteCard(), title: 'chest-ct-site.noSuchTitle' }));
    await waitFor(() =>
      expect(
        within(screen.getByRole('alert'))
          .getAllByRole('listitem')
          .map((li) => li.textContent),
      ).toEqual(['title: text key "chest-ct-site.noSuchTitle" has no text']),
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

  it('refuses a card whose messages redefine a built-in text, and stores nothing', async () => {
    const { services, upload } = await open();
    const card = siteCard();
    await upload(
      JSON.stringify({ ...card, messages: { ...card.messages, 'zh-CN': { 'common.identity.body': '无需核对身份' } } }),
    );
    expect(
      within(await screen.findByRole('alert'))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toContain(
      'messages.zh-CN["common.identity.body"]: a card may only define its own texts: keys must start with "chest-ct-site."',
    );
    await upload(JSON.stringify({ ...card, id: 'common', messages: { en: { 'common.answer.yes': 'No' } } }));
    await waitFor(() =>
      expect(
        within(screen.getByRole('alert'))
          .getAllByRole('listitem')
          .map((li) => li.textContent),
      ).toContain('messages.en["common.answer.yes"]: is a built-in text: a card may not redefine it'),
    );
    expect(await services.db.sops.count()).toBe(0);
  });

  it('refuses an edited built-in card under the same version', async () => {
    const { services, upload } = await open();
    await upload(JSON.stringify({ ...structuredClone(chestCt), siteMustConfirm: [] }));
    expect(within(await screen.findByRole('alert')).getByRole('listitem').textContent).toMatch(
      /^version: chest-ct version 1 is a built-in card/,
    );
    expect(await services.db.sops.count()).toBe(0);
  });
});
