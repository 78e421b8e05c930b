// The tablet turned to the patient, on a real (fake-indexeddb) run: the current step's guidance in
// the patient's language and age band, nothing of the record, the breath-hold coach on the clock,
// and only a two-second press leads back to the staff screen.
import { act, cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import ar from '../../../../locales/ar/patient.json';
import en from '../../../../locales/en/patient.json';
import ja from '../../../../locales/ja/patient.json';
import { createRun, runCommand, type SopLookup } from '../../../db/runs.repo';
import type { PatientInfo } from '../../../domain/run/run.header';
import type { RunCommand } from '../../../domain/run/run.types';
import { BUILT_IN_SOPS } from '../../../sops/library';
import { step, type ScenarioAction } from '../../../sops/scenario';
import { renderWith, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import PatientPage from './PatientPage';

const lookup: SopLookup = (id, v) => BUILT_IN_SOPS.find((s) => s.id === id && s.version === v);
const commands = (...steps: ScenarioAction[][]) => steps.flat().filter((a): a is RunCommand => a.type !== 'wait');
const TO_BREATH_HOLD = commands(
  step({ twoIdentifiers: true, requestMatches: true }),
  step({ pregnancy: 'notApplicable' }),
  step({ metalRemoved: true, procedureExplained: true }),
  step({ supineArmsUp: true, centred: true }),
);
const TO_IMAGE_QC = commands(
  TO_BREATH_HOLD,
  step({ breathHoldPractised: true }),
  step({ protocol: 'routine', scanDone: true, dlp: 320 }),
);
const PATIENT_ID = 'P-4711';
const PATIENT_NAME = 'Jane Testpatient';

type Open = { sop?: string; patient?: Partial<PatientInfo>; before?: readonly RunCommand[]; query?: string };
async function openPatientView({ sop = 'chest-ct', patient = {}, before = [], query = 'lang=en' }: Open = {}) {
  const services = testServices();
  const actor = () => ({ user: 'tester', now: (services.clock.now += 1000) });
  const id = await createRun(
    services.db,
    services.vault,
    lookup,
    {
      kind: 'exam',
      sop: { id: sop, version: 1 },
      priority: 'routine',
      scanner: 'CT 1',
      timerRules: services.timerRules,
      patient: { patientId: PATIENT_ID, name: PATIENT_NAME, sex: 'female', language: 'en', ageYears: 40, ...patient },
    },
    actor(),
  );
  for (const c of before) await runCommand(services.db, services.vault, lookup, id, c, actor());
  const view = renderWith(<PatientPage id={id} />, services, `/run/${id}/patient?${query}`);
  return { id, view, services };
}

const title = (text: string) => screen.findByRole('heading', { level: 1, name: text });
const root = (el: HTMLElement) => el.closest<HTMLElement>('.patient')!;
const paragraphs = () => [...document.querySelectorAll('.patient-text p:not(.patient-time)')].map((p) => p.textContent);
const practice = () => document.querySelector('[data-practice]');
const exitButton = () => screen.getByRole('button', { name: 'Staff: press and hold to return' });
/** Fake clocks only once the page is on screen: the database and the language loader need real ones. */
const fakeClocks = () =>
  vi.useFakeTimers({
    toFake: [
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'Date',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'performance',
    ],
  });
const advance = (ms: number) => act(() => void vi.advanceTimersByTime(ms));

/** The patient texts as the server would send them (the loader fetches locales/<code>/patient.json). */
const serveLocales = (broken: readonly string[] = []) =>
  vi.stubGlobal('fetch', async (url: string | URL) => {
    const code = /\/locales\/([\w-]+)\/patient\.json/.exec(String(url))?.[1];
    if (!code || broken.includes(code)) throw new TypeError('Failed to fetch');
    const file = join(dirname(fileURLToPath(import.meta.url)), `../../../../locales/${code}/patient.json`);
    return new Response(readFileSync(file, 'utf8'), { headers: { 'content-type': 'application/json' } });
  });

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

beforeEach(() => serveLocales());

afterEach(() => {
  cleanup(); // unmount while the stubs are still there
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('PatientPage', { timeout: 15_000 }, () => {
  it('shows the step in Arabic, right to left, and switches to English with the chip', async () => {
    await openPatientView({ query: 'lang=ar' });
    const h1 = await title(ar['topic.identity.title']);
    expect(root(h1).getAttribute('dir')).toBe('rtl');
    expect(root(h1).getAttribute('lang')).toBe('ar');
    expect(paragraphs()).toEqual([ar['topic.identity.what'], ar['topic.identity.do']]);
    expect(screen.getByRole('button', { name: 'العربية' }).getAttribute('aria-pressed')).toBe('true');

    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    const enTitle = await title(en['topic.identity.title']);
    expect(root(enTitle).getAttribute('dir')).toBe('ltr');
    expect(root(enTitle).getAttribute('lang')).toBe('en');
    expect(screen.queryByText(ar['topic.identity.title'])).toBeNull();
    expect(screen.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('<html lang> follows the patient language while turned, and goes back to the staff language after', async () => {
    document.documentElement.lang = 'en';
    const { view } = await openPatientView({ query: 'lang=ar' });
    await title(ar['topic.identity.title']);
    expect(document.documentElement.lang).toBe('ar');
    fireEvent.click(screen.getByRole('button', { name: 'ئۇيغۇرچە' }));
    await waitFor(() => expect(document.documentElement.lang).toBe('ug'));
    view.unmount();
    expect(document.documentElement.lang).toBe('en');
  });

  it('a language that cannot load says so to staff, and loads when the network comes back', async () => {
    serveLocales(['ja']);
    await openPatientView({ query: 'lang=ja' });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      '日本語 is not available offline on this tablet (it has never been opened here). Choose another language or connect to the network.',
    );
    expect(screen.queryByRole('heading', { level: 1 })).toBeNull();
    expect(exitButton()).toBeTruthy();
    serveLocales();
    act(() => void window.dispatchEvent(new Event('online')));
    expect(root(await title(ja['topic.identity.title'])).getAttribute('lang')).toBe('ja');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows nothing of the record: no patient ID or name, in text or attributes', async () => {
    const { id } = await openPatientView({ query: 'lang=ar' });
    await title(ar['topic.identity.title']);
    const html = document.body.innerHTML;
    for (const secret of [PATIENT_ID, PATIENT_NAME, 'Testpatient', id]) expect(html).not.toContain(secret);
  });

  it('an adult gets the adult breath-hold script and no practice game', async () => {
    await openPatientView({ before: TO_BREATH_HOLD });
    const h1 = await title(en['topic.ctBreathHold.title']);
    expect(paragraphs()).toEqual([en['topic.ctBreathHold.what'], en['topic.ctBreathHold.do']]);
    expect(root(h1).getAttribute('data-band')).toBe('adult');
    expect(practice()).toBeNull();
    expect(screen.getByRole('button', { name: `▶ ${en['breath.ready']}` })).toBeTruthy();
    expect(document.querySelector('.guardian')).toBeNull();
  });

  it('a 5-year-old gets the short story for 4–7 and the practice game', async () => {
    await openPatientView({ patient: { ageYears: 5 }, before: TO_BREATH_HOLD });
    const h1 = await title(en['topic.ctBreathHold.title']);
    expect(paragraphs()).toEqual([en['child.young.ctBreathHold']]);
    expect(root(h1).getAttribute('data-band')).toBe('young');
    expect(within(practice() as HTMLElement).getByRole('heading', { name: en['practice.title'] })).toBeTruthy();
  });

  it('the band can be overridden: teen for an adult, adult for a child', async () => {
    const teen = await openPatientView({ before: TO_BREATH_HOLD, query: 'lang=en&band=teen' });
    expect(root(await title(en['topic.ctBreathHold.title'])).getAttribute('data-band')).toBe('teen');
    expect(paragraphs()).toEqual([en['child.teen.ctBreathHold']]);
    expect(practice()).not.toBeNull();
    teen.view.unmount();

    await openPatientView({ patient: { ageYears: 5 }, before: TO_BREATH_HOLD, query: 'lang=en&band=adult' });
    expect(root(await title(en['topic.ctBreathHold.title'])).getAttribute('data-band')).toBe('adult');
    expect(paragraphs()).toEqual([en['topic.ctBreathHold.what'], en['topic.ctBreathHold.do']]);
    expect(practice()).toBeNull();
  });

  it('guardian notes on the paediatric card show for a child only', async () => {
    const child = await openPatientView({ sop: 'pediatric-ct', patient: { ageYears: 6 } });
    await title(en['topic.identity.title']);
    const notes = screen.getByRole('region', { name: en['ui.forParent'] });
    expect(within(notes).getByText(en['guardian.comfort'])).toBeTruthy();
    child.view.unmount();

    await openPatientView({ sop: 'pediatric-ct', patient: { ageYears: 30 } });
    await title(en['topic.identity.title']);
    expect(screen.queryByRole('region', { name: en['ui.forParent'] })).toBeNull();
    expect(screen.queryByText(en['guardian.comfort'])).toBeNull();
  });

  it('a staff-only step asks the patient to wait, with nothing to read aloud', async () => {
    await openPatientView({ before: TO_IMAGE_QC });
    await title(en['ui.staffOnly']);
    expect(screen.queryByRole('button', { name: en['ui.readAloud'] })).toBeNull();
    expect(document.querySelector('.pictogram')).toBeNull();
    expect(document.querySelector('.breath-coach')).toBeNull();
  });

  it('the breath-hold coach runs in → out → in and hold → 10 … 1 → normal, then offers a new start', async () => {
    await openPatientView({ before: TO_BREATH_HOLD });
    await title(en['topic.ctBreathHold.title']);
    fakeClocks();
    fireEvent.click(screen.getByRole('button', { name: `▶ ${en['breath.ready']}` }));
    const coach = () => screen.getByRole('timer');
    const phase = () => coach().getAttribute('data-breath-phase');
    const count = () => coach().querySelector('.breath-count')?.textContent ?? null;
    const seen: string[] = [];
    const record = () =>
      seen.push(`${phase()}:${coach().querySelector('.breath-text')!.textContent}${count() ? `:${count()}` : ''}`);

    record();
    advance(2999);
    record(); // t = 2.999 s
    advance(1);
    record(); // 3 s
    advance(2999);
    record();
    advance(1);
    record(); // 6 s
    advance(2999);
    record();
    advance(1);
    record(); // 9 s
    for (let s = 1; s <= 9; s++) {
      advance(999);
      record();
      advance(1);
      record();
    }
    advance(999);
    record(); // 18.999 s
    advance(1);
    record(); // 19 s
    expect(seen).toEqual([
      `in:${en['breath.in']}`,
      `in:${en['breath.in']}`,
      `out:${en['breath.out']}`,
      `out:${en['breath.out']}`,
      `inHold:${en['breath.inHold']}`,
      `inHold:${en['breath.inHold']}`,
      `hold:${en['breath.hold']}:10`,
      ...[10, 9, 8, 7, 6, 5, 4, 3, 2].flatMap((n) => [
        `hold:${en['breath.hold']}:${n}`,
        `hold:${en['breath.hold']}:${n - 1}`,
      ]),
      `hold:${en['breath.hold']}:1`,
      `normal:${en['breath.normal']}`,
    ]);
    advance(2800);
    expect(phase()).toBe('normal');
    advance(400);
    expect(screen.queryByRole('timer')).toBeNull();
    expect(screen.getByRole('button', { name: `▶ ${en['breath.ready']}` })).toBeTruthy();
  });

  it('a short press on the exit does nothing; a two-second hold returns to the run', async () => {
    const { id, view } = await openPatientView();
    await title(en['topic.identity.title']);
    const here = `/run/${id}/patient?lang=en`;
    fakeClocks();
    fireEvent.pointerDown(exitButton());
    advance(1500);
    fireEvent.pointerUp(exitButton());
    advance(3000);
    expect(view.location.history).toEqual([here]);
    fireEvent.pointerDown(exitButton());
    advance(1000);
    fireEvent.pointerLeave(exitButton());
    advance(3000);
    expect(view.location.history).toEqual([here]);

    fireEvent.pointerDown(exitButton());
    advance(1900);
    expect(view.location.history).toEqual([here]);
    advance(200);
    expect(view.location.history).toEqual([`/run/${id}`]);
  });

  it('holding Enter for two seconds also returns; a tap of Enter does not', async () => {
    const { id, view } = await openPatientView();
    await title(en['topic.identity.title']);
    fakeClocks();
    fireEvent.keyDown(exitButton(), { key: 'Enter' });
    fireEvent.keyUp(exitButton(), { key: 'Enter' });
    advance(3000);
    expect(view.location.history).toEqual([`/run/${id}/patient?lang=en`]);
    fireEvent.keyDown(exitButton(), { key: 'Enter' });
    advance(2100);
    expect(view.location.history).toEqual([`/run/${id}`]);
  });

  it('read aloud without speech synthesis does nothing and never throws', async () => {
    expect('speechSynthesis' in globalThis).toBe(false);
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent) => errors.push(e.error);
    window.addEventListener('error', onError);
    try {
      await openPatientView({ query: 'lang=ar' });
      await title(ar['topic.identity.title']);
      fireEvent.click(screen.getByRole('button', { name: ar['ui.readAloud'] }));
      expect(screen.getByRole('heading', { level: 1, name: ar['topic.identity.title'] })).toBeTruthy();
      expect(errors).toEqual([]);
    } finally {
      window.removeEventListener('error', onError);
    }
  });

  it("read aloud speaks title, script and time in a voice of the patient's language", async () => {
    const spoken: { text: string; lang: string }[] = [];
    vi.stubGlobal(
      'SpeechSynthesisUtterance',
      class {
        voice: unknown = null;
        lang = '';
        rate = 1;
        text: string;
        constructor(text: string) {
          this.text = text;
        }
      },
    );
    vi.stubGlobal('speechSynthesis', {
      getVoices: () => [
        { lang: 'en-GB', name: 'English' },
        { lang: 'ar-SA', name: 'Arabic' },
      ],
      speak: (u: { text: string; lang: string }) => spoken.push({ text: u.text, lang: u.lang }),
      cancel: () => undefined,
    });
    await openPatientView({ query: 'lang=ar' });
    await title(ar['topic.identity.title']);
    fireEvent.click(screen.getByRole('button', { name: ar['ui.readAloud'] }));
    expect(spoken).toEqual([
      {
        lang: 'ar-SA',
        text: [
          ar['topic.identity.title'],
          ar['topic.identity.what'],
          ar['topic.identity.do'],
          ar['topic.identity.time'],
        ].join('. '),
      },
    ]);
  });
});
