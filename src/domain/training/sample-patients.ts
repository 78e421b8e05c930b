// The six sample patients a demo or practice run can start with (issue 14). Invented people only:
// ids start "DEMO-" so a demo record can never be mistaken for a real one.
import type { PatientInfo } from '../run/run.header';
import type { RunPriority } from '../run/run.types';

export const SAMPLE_PATIENT_IDS = ['adult', 'child5', 'stroke', 'contrastAllergy', 'pacemaker', 'arabicOnly'] as const;
export type SamplePatientId = (typeof SAMPLE_PATIENT_IDS)[number];

export type SamplePatient = {
  readonly id: SamplePatientId;
  readonly patient: PatientInfo;
  readonly priority: RunPriority;
  /** The card this patient shows best (the demo picker suggests it). */
  readonly suggestedSop: string;
};

export const SAMPLE_PATIENTS: readonly SamplePatient[] = [
  {
    id: 'adult',
    patient: { patientId: 'DEMO-0001', name: 'Demo Adult', ageYears: 45, sex: 'female', language: 'en' },
    priority: 'routine',
    suggestedSop: 'chest-ct',
  },
  {
    id: 'child5',
    patient: { patientId: 'DEMO-0002', name: 'Demo Child', ageYears: 5, sex: 'male', language: 'zh-CN' },
    priority: 'routine',
    suggestedSop: 'pediatric-ct',
  },
  {
    id: 'stroke',
    patient: { patientId: 'DEMO-0003', name: 'Demo Stroke', ageYears: 71, sex: 'male', language: 'en' },
    priority: 'emergency',
    suggestedSop: 'emergency-head-ct',
  },
  {
    id: 'contrastAllergy',
    patient: { patientId: 'DEMO-0004', name: 'Demo Allergy', ageYears: 58, sex: 'female', language: 'en' },
    priority: 'routine',
    suggestedSop: 'contrast-abdomen-ct',
  },
  {
    id: 'pacemaker',
    patient: { patientId: 'DEMO-0005', name: 'Demo Pacemaker', ageYears: 66, sex: 'male', language: 'en' },
    priority: 'routine',
    suggestedSop: 'brain-mri',
  },
  {
    id: 'arabicOnly',
    patient: { patientId: 'DEMO-0006', name: 'Demo Arabic', ageYears: 39, sex: 'female', language: 'ar' },
    priority: 'routine',
    suggestedSop: 'chest-ct',
  },
];

export const samplePatient = (id: string): SamplePatient | undefined => SAMPLE_PATIENTS.find((p) => p.id === id);
