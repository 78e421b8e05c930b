// What a new run may use on a tablet: the server's current (published) version of each card, else
// the newest built-in or imported here; cards pulled only so other tablets' runs replay are never
// offered. And a card's texts never replace a built-in text.
import i18next, { type BackendModule } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import enSop from '../../../locales/en/sop.json';
import zhSop from '../../../locales/zh-CN/sop.json';
import type { SopDefinition } from '../../domain/sop/sop.schema';
import { chestCt } from '../../sops/chest-ct.sop';
import { BUILT_IN_SOPS } from '../../sops/library';
import { registeredSopTexts, registerSopTexts } from '../sop-texts';
import { buildLibrary } from './use-sop-library';

const version = (v: number): SopDefinition => ({ ...structuredClone(chestCt), version: v });
/** The newest built-in chest CT (version 2 since the record head landed). */
const newestBuiltIn = Math.max(...BUILT_IN_SOPS.filter((s) => s.id === 'chest-ct').map((s) => s.version));
const offered = (lib: ReturnType<typeof buildLibrary>) => lib.latest.find((s) => s.id === 'chest-ct')?.version;

// Like the app (src/app/i18n.ts): each language's card texts are fetched only when that language is
// first used, and the cards' registered texts join them then.
const lazyLocales: BackendModule = {
  type: 'backend',
  init() {},
  read(lng, ns, done) {
    const texts = ns === 'sop' ? { en: enSop, 'zh-CN': zhSop }[lng] : {};
    setTimeout(
      () => done(null, { ...structuredClone(texts ?? {}), ...(ns === 'sop' ? registeredSopTexts(lng) : {}) }),
      5,
    );
  },
};

beforeAll(async () => {
  await i18next
    .use(lazyLocales)
    .init({ lng: 'en', fallbackLng: 'en', ns: ['sop'], keySeparator: false, nsSeparator: false });
});

describe('the cards a new run may use', () => {
  it('does not offer a card another tablet pushed with its runs (pulled for replay)', () => {
    const lib = buildLibrary(BUILT_IN_SOPS, [{ definition: version(7), source: 'server' }], { 'chest-ct': 1 });
    expect(offered(lib)).toBe(1);
    expect(lib.lookup('chest-ct', 7)?.version).toBe(7); // its runs still replay
    expect(offered(buildLibrary(BUILT_IN_SOPS, [{ definition: version(7), source: 'server' }], {}))).toBe(
      newestBuiltIn,
    );
    expect(newestBuiltIn).toBeLessThan(7);
  });

  it('offers the version the server says is current, over a newer one imported here', () => {
    const stored = [
      { definition: version(7), source: 'server' as const },
      { definition: version(8), source: 'import' as const },
    ];
    expect(offered(buildLibrary(BUILT_IN_SOPS, stored, { 'chest-ct': 7 }))).toBe(7);
    expect(offered(buildLibrary(BUILT_IN_SOPS, stored, {}))).toBe(8); // no server yet: this tablet's own import
  });

  it('offers a card the server retired (version 0) for no new run, and still replays its versions', () => {
    const lib = buildLibrary(BUILT_IN_SOPS, [{ definition: version(7), source: 'server' as const }], { 'chest-ct': 0 });
    expect(lib.latest.some((s) => s.id === 'chest-ct')).toBe(false);
    expect(lib.lookup('chest-ct', 7)?.version).toBe(7);
  });
});

describe('a card’s own texts', () => {
  it('never replace a built-in text, even from a card that got past validation, before or after the language loads', async () => {
    // Registered while Chinese is not loaded yet (an imported card in the library at start-up).
    registerSopTexts({
      ...version(9),
      messages: { 'zh-CN': { 'common.identity.body': '无需核对身份，直接扫描。', 'chest-ct.note': '本院说明' } },
    });
    await i18next.changeLanguage('zh-CN');
    await new Promise((r) => setTimeout(r, 20));
    expect(i18next.t('common.identity.body', { ns: 'sop' })).toBe(zhSop['common.identity.body']);
    expect(i18next.t('common.identity.title', { ns: 'sop' })).toBe(zhSop['common.identity.title']); // loaded at all
    expect(i18next.t('chest-ct.note', { ns: 'sop' })).toBe('本院说明');
    // And once loaded.
    registerSopTexts({ ...version(10), messages: { 'zh-CN': { 'common.identity.title': '跳过' } } });
    expect(i18next.t('common.identity.title', { ns: 'sop' })).toBe(zhSop['common.identity.title']);
  });
});
