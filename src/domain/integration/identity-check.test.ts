import { describe, expect, it } from 'vitest';
import { identityMismatches, sameName } from './identity-check';

const booked = { patientId: 'MRN-778812', name: 'Zhang^Wei', birthDate: '1961-02-03', sex: 'male' as const };

describe('the identity check against the booking', () => {
  it('the booked patient matches, whatever the name’s case, spacing or DICOM separators', () => {
    expect(
      identityMismatches(booked, { patientId: 'MRN-778812', name: 'zhang  wei', birthDate: '1961-02-03' }),
    ).toEqual([]);
    expect(sameName('张伟', '张伟')).toBe(true);
    expect(sameName('Ｚhang Wei', 'zhang wei')).toBe(true); // full-width letters (NFKC)
  });

  it('names every field that differs, in a fixed order', () => {
    expect(
      identityMismatches(booked, {
        patientId: 'MRN-778813',
        name: 'Zhang Wen',
        birthDate: '1961-03-02',
        sex: 'female',
      }),
    ).toEqual(['patientId', 'name', 'birthDate', 'sex']);
    expect(identityMismatches(booked, { birthDate: '1961-02-04' })).toEqual(['birthDate']);
  });

  it('an ID is exact: a near miss or other case is another patient', () => {
    expect(identityMismatches(booked, { patientId: 'mrn-778812' })).toEqual(['patientId']);
    expect(identityMismatches(booked, { patientId: 'MRN-77881' })).toEqual(['patientId']);
  });

  it('compares only what was confirmed and what the booking knows', () => {
    expect(identityMismatches(booked, {})).toEqual([]);
    expect(identityMismatches(booked, { name: '  ', sex: 'unknown' })).toEqual([]);
    expect(identityMismatches({ patientId: 'P1' }, { name: 'Anyone', birthDate: '2000-01-01', sex: 'female' })).toEqual(
      [],
    );
  });
});
