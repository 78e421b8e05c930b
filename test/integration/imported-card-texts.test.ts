// Issue 17 bug 1: after importing a card with its own texts, switching the staff UI to Chinese left
// the built-in card texts in English ("是/否" beside "No/Yes"). The real lazy locale loader here.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { initI18n, loadSignedInTexts, setStaffLanguage } from '../../src/app/i18n';
import zhSop from '../../locales/zh-CN/sop.json';
import type { SopDefinition } from '../../src/domain/sop/sop.schema';
import { chestCt } from '../../src/sops/chest-ct.sop';
import { registerSopTexts } from '../../src/ui/sop-texts';

/** A card's texts are keyed under its own id (a card may only define its own keys). */
const imported: SopDefinition = {
  ...structuredClone(chestCt),
  id: 'chest-ct-site',
  title: 'chest-ct-site.title',
  messages: { en: { 'chest-ct-site.title': 'Chest CT (site)' }, 'zh-CN': { 'chest-ct-site.title': '胸部 CT（本院）' } },
};

describe('texts of an imported card', () => {
  it('registered while English is shown: Chinese later has both the built-in and the card’s own texts', async () => {
    await initI18n('en');
    await loadSignedInTexts(); // as the signed-in app does when it loads
    registerSopTexts(imported); // the SOP library registers every card it lists at start
    expect(i18next.t('chest-ct-site.title', { ns: 'sop' })).toBe('Chest CT (site)');
    await setStaffLanguage('zh-CN');
    expect(i18next.t('chestCt.title', { ns: 'sop' })).toBe(zhSop['chestCt.title']);
    expect(i18next.t('common.identity.title', { ns: 'sop' })).toBe(zhSop['common.identity.title']);
    expect(i18next.t('chest-ct-site.title', { ns: 'sop' })).toBe('胸部 CT（本院）');
  });
});
