// A new run's header checks and the facts it records as its first command ("known"): whatever the
// form lets through must be storable, or the exam cannot be started at all.
import { describe, expect, it } from 'vitest';
import { eventProblems, eventType } from '../events/registry';
import { MAX_AGE_YEARS, STAFF_NAME_MAX_LENGTH } from '../events/text-rules';
import { DEFAULT_TIMER_RULES } from '../timers/timers';
import { knownFacts, newRunProblems, type NewRunHeader, type PatientInfo } from './run.header';
import { sampleEvent } from '../../../test/setup/sample-event';

const TODAY = '2026-11-23';
const DEVICE = '5d1c1f7e-8a3b-4c2d-9e0f-1a2b3c4d5e6f';
const patient = (over: Partial<PatientInfo> = {}): PatientInfo => ({
  patientId: 'P-1',
  sex: 'female',
  language: 'en',
  ...over,
});
const header = (p: PatientInfo): NewRunHeader => ({
  kind: 'exam',
  sop: { id: 'chest-ct', version: 2 },
  priority: 'routine',
  scanner: 'CT 1',
  timerRules: DEFAULT_TIMER_RULES,
  patient: p,
});
const knownProblems = (facts: ReturnType<typeof knownFacts>) =>
  eventProblems(sampleEvent(eventType('run.command')!, DEVICE, { type: 'known', facts }));

describe('newRunProblems', () => {
  it('a birth date more than MAX_AGE_YEARS ago is refused, like a typed age above it', () => {
    expect(newRunProblems(header(patient({ birthDate: '1961-04-02' })), TODAY)).toEqual([]);
    expect(newRunProblems(header(patient({ birthDate: '1880-01-01' })), TODAY)).toEqual(['birthDateTooEarly']);
    expect(newRunProblems(header(patient({ ageYears: MAX_AGE_YEARS + 1 })), TODAY)).toEqual(['ageOutOfRange']);
  });
});

describe('knownFacts', () => {
  it('age on the day, sex and who started it', () => {
    expect(knownFacts(patient({ birthDate: '1961-11-24' }), TODAY, ' Wang Li ')).toEqual({
      ageYears: 64,
      sex: 'female',
      staffName: 'Wang Li',
    });
    expect(knownFacts(undefined, TODAY, undefined)).toEqual({});
  });

  it('records only facts the registry accepts: never a run that cannot be stored', () => {
    const odd = [
      knownFacts(patient({ birthDate: '1880-01-01' }), TODAY, 'Wang Li'),
      knownFacts(patient({ birthDate: '2027-01-01' }), TODAY, 'Wang Li'),
      knownFacts(patient(), TODAY, `${'a'.repeat(STAFF_NAME_MAX_LENGTH - 1)}😀`),
      knownFacts(patient(), TODAY, 'x'.repeat(STAFF_NAME_MAX_LENGTH + 1)),
      knownFacts(patient(), TODAY, 'Wang\u0000Li'),
    ];
    for (const facts of odd) expect(knownProblems(facts)).toEqual([]);
    expect(odd[0]).toEqual({ sex: 'female', staffName: 'Wang Li' });
  });
});
