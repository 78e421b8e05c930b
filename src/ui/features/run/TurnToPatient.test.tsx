// The staff panel before turning the tablet: the patient's language with its review status and
// whether this tablet can read it aloud, the age band, and one tap to the patient view.
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PatientInfo, RunHeader } from '../../../domain/run/run.header';
import { DEFAULT_TIMER_RULES } from '../../../domain/timers/timers';
import { renderWith, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { TurnToPatient } from './TurnToPatient';

const RUN = 'run-1';

function open(patient: Partial<PatientInfo> | null = {}) {
  const services = testServices();
  services.clock.now = new Date(2026, 10, 23, 12, 0).getTime(); // 23 Nov 2026 in the tablet's time zone
  const header: RunHeader = {
    runId: RUN,
    kind: 'exam',
    sop: { id: 'chest-ct', version: 1 },
    priority: 'routine',
    arrivedAt: services.clock.now,
    scanner: 'CT 1',
    timerRules: DEFAULT_TIMER_RULES,
    ...(patient && { patient: { patientId: 'P-1', sex: 'female', language: 'ar', ageYears: 40, ...patient } }),
  };
  const view = renderWith(<TurnToPatient header={header} />, services, `/run/${RUN}`);
  return { ...view, user: userEvent.setup() };
}

const languageSelect = () => screen.getByLabelText<HTMLSelectElement>("Patient's language");
const bandSelect = () => screen.getByLabelText<HTMLSelectElement>('Guidance for');
const autoOption = () => bandSelect().options[0]!.textContent;
const reviewStatus = () => document.querySelector('[data-review-status]')!;
const voiceStatus = () => document.querySelector('[data-voice]')!;
const turnButton = () => screen.getByRole('button', { name: /Turn to patient/ });

function withVoices(...langs: string[]) {
  vi.stubGlobal('SpeechSynthesisUtterance', function SpeechSynthesisUtterance() {});
  vi.stubGlobal('speechSynthesis', {
    getVoices: () => langs.map((lang) => ({ lang, name: lang })),
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  });
}

beforeAll(() => initTestI18n());
afterEach(() => {
  cleanup(); // unmount while the stubbed speech API is still there
  vi.unstubAllGlobals();
});

describe('TurnToPatient', () => {
  it("starts on the patient's language and says the translation is only drafted", () => {
    open();
    expect(languageSelect().value).toBe('ar');
    expect(reviewStatus().getAttribute('data-review-status')).toBe('drafted');
    expect(reviewStatus().textContent).toBe(
      'Translation drafted: not yet checked by a clinician fluent in this language.',
    );
  });

  it('says when the tablet has no voice for the language (jsdom has no speech at all)', () => {
    open();
    expect(voiceStatus().getAttribute('data-voice')).toBe('false');
    expect(voiceStatus().textContent).toBe(
      'Read aloud: this tablet has no voice for العربية. Read it with the patient or call an interpreter.',
    );
  });

  it('says a voice is available when there is one, and follows the chosen language', async () => {
    withVoices('en-US', 'ar-SA');
    const { user } = open();
    expect(voiceStatus().getAttribute('data-voice')).toBe('true');
    expect(voiceStatus().textContent).toBe('Read aloud: a voice is available on this tablet.');
    await user.selectOptions(languageSelect(), 'ja');
    expect(voiceStatus().textContent).toBe(
      'Read aloud: this tablet has no voice for 日本語. Read it with the patient or call an interpreter.',
    );
    await user.selectOptions(languageSelect(), 'en');
    expect(voiceStatus().getAttribute('data-voice')).toBe('true');
  });

  it.each([
    [{ ageYears: 40 }, 'Automatic: Adult'],
    [{ ageYears: 18 }, 'Automatic: Adult'],
    [{ ageYears: 17 }, 'Automatic: Teenager 13–17'],
    [{ ageYears: 5 }, 'Automatic: Child 4–7'],
    [{ ageYears: 0 }, 'Automatic: Child 0–3 (speaks to the parent)'],
    [{ ageYears: undefined, birthDate: '2013-11-24' }, 'Automatic: Child 8–12'], // 13 tomorrow
    [{ ageYears: undefined, birthDate: '2013-11-23' }, 'Automatic: Teenager 13–17'], // 13 today
  ] as const)('the automatic band follows the age: %o → %s', (patient, label) => {
    open(patient);
    expect(bandSelect().value).toBe('auto');
    expect(autoOption()).toBe(label);
  });

  it('a run without a patient offers no band', () => {
    open(null);
    expect(screen.queryByLabelText('Guidance for')).toBeNull();
    expect(languageSelect().value).toBe('en');
  });

  it('a language without patient texts starts on English', () => {
    open({ language: 'de' });
    expect(languageSelect().value).toBe('en');
  });

  it('"Turn to patient" opens the patient view in the chosen language, with the band only when overridden', async () => {
    const { user, location } = open({ ageYears: 5 });
    await user.click(turnButton());
    expect(location.history!.at(-1)).toBe(`/run/${RUN}/patient?lang=ar`);

    await user.selectOptions(languageSelect(), 'zh-CN');
    await user.selectOptions(bandSelect(), 'teen');
    await user.click(turnButton());
    expect(location.history!.at(-1)).toBe(`/run/${RUN}/patient?lang=zh-CN&band=teen`);

    await user.selectOptions(bandSelect(), 'adult');
    await user.click(turnButton());
    expect(location.history!.at(-1)).toBe(`/run/${RUN}/patient?lang=zh-CN&band=adult`);

    await user.selectOptions(bandSelect(), 'auto');
    await user.click(turnButton());
    expect(location.history).toEqual([
      `/run/${RUN}`,
      `/run/${RUN}/patient?lang=ar`,
      `/run/${RUN}/patient?lang=zh-CN&band=teen`,
      `/run/${RUN}/patient?lang=zh-CN&band=adult`,
      `/run/${RUN}/patient?lang=zh-CN`,
    ]);
  });
});
