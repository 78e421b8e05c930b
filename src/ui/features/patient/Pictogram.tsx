import type { ReactElement } from 'react';

// Simple pictures for the patient view: one per kind of moment, drawn inline (nothing to cache,
// sharp at any size). Decorative: the text next to them says the same.
type Kind = 'id' | 'questions' | 'metal' | 'lie' | 'breath' | 'scan' | 'needle' | 'wait' | 'magnet' | 'child' | 'done';

const TOPIC_KIND: Record<string, Kind> = {
  identity: 'id',
  screening: 'questions',
  safetyCheck: 'questions',
  mriScreening: 'questions',
  childDetails: 'child',
  preparation: 'metal',
  mriFinalCheck: 'metal',
  mriZoneAccess: 'magnet',
  ctPositioning: 'lie',
  mriPositioning: 'lie',
  immobilisation: 'lie',
  sedation: 'lie',
  ctBreathHold: 'breath',
  practice: 'breath',
  ctScan: 'scan',
  headCtScan: 'scan',
  repeatScan: 'scan',
  mriScan: 'magnet',
  ivAccess: 'needle',
  contrastInjection: 'needle',
  cannulaRemoval: 'needle',
  metformin: 'needle',
  contrastObservation: 'wait',
  contrastReaction: 'wait',
  discharge: 'done',
};

const INK = '#0b4f8a';
const ACCENT = '#ffb000';

export function Pictogram({ topic }: { topic: string }) {
  const kind = TOPIC_KIND[topic] ?? 'questions';
  return (
    <svg className="pictogram" viewBox="0 0 120 120" aria-hidden="true" focusable="false">
      <rect width="120" height="120" rx="24" fill="#e3f0fb" />
      {DRAWINGS[kind]}
    </svg>
  );
}

const DRAWINGS: Record<Kind, ReactElement> = {
  id: (
    <>
      <rect x="22" y="34" width="76" height="52" rx="8" fill="#fff" stroke={INK} strokeWidth="5" />
      <circle cx="46" cy="56" r="9" fill={INK} />
      <path d="M32 78c4-10 24-10 28 0" fill={INK} />
      <path d="M68 50h20M68 62h20M68 74h12" stroke={INK} strokeWidth="5" strokeLinecap="round" />
    </>
  ),
  questions: (
    <>
      <path
        d="M24 30h72a8 8 0 0 1 8 8v36a8 8 0 0 1-8 8H56l-18 14v-14H24a8 8 0 0 1-8-8V38a8 8 0 0 1 8-8z"
        fill="#fff"
        stroke={INK}
        strokeWidth="5"
      />
      <text x="60" y="70" textAnchor="middle" fontSize="34" fontWeight="800" fill={INK}>
        ?
      </text>
    </>
  ),
  metal: (
    <>
      <circle cx="60" cy="60" r="30" fill="#fff" stroke={INK} strokeWidth="5" />
      <circle cx="60" cy="56" r="10" fill="none" stroke={ACCENT} strokeWidth="6" />
      <path d="M60 66v12" stroke={ACCENT} strokeWidth="6" />
      <path d="M36 36l48 48" stroke="#b3141b" strokeWidth="7" strokeLinecap="round" />
    </>
  ),
  lie: (
    <>
      <rect x="14" y="72" width="92" height="10" rx="5" fill={INK} />
      <circle cx="30" cy="60" r="10" fill={INK} />
      <rect x="42" y="54" width="56" height="14" rx="7" fill={INK} />
    </>
  ),
  breath: (
    <>
      <path d="M60 26v30" stroke={INK} strokeWidth="6" strokeLinecap="round" />
      <path d="M56 56c-20-6-30 10-30 30 0 8 6 10 12 8l18-8zM64 56c20-6 30 10 30 30 0 8-6 10-12 8l-18-8z" fill={INK} />
      <path
        d="M20 30c10 0 10-8 20-8M80 22c10 0 10 8 20 8"
        stroke={ACCENT}
        strokeWidth="5"
        fill="none"
        strokeLinecap="round"
      />
    </>
  ),
  scan: (
    <>
      <circle cx="60" cy="56" r="34" fill="none" stroke={INK} strokeWidth="12" />
      <rect x="10" y="84" width="100" height="10" rx="5" fill={INK} />
      <circle cx="60" cy="56" r="6" fill={ACCENT} />
    </>
  ),
  needle: (
    <>
      <path d="M30 90l40-40" stroke={INK} strokeWidth="10" strokeLinecap="round" />
      <path d="M70 50l16-16M80 28l12 12" stroke={INK} strokeWidth="6" strokeLinecap="round" />
      <circle cx="30" cy="94" r="5" fill={ACCENT} />
    </>
  ),
  wait: (
    <>
      <circle cx="60" cy="60" r="34" fill="#fff" stroke={INK} strokeWidth="6" />
      <path d="M60 40v22l14 8" stroke={INK} strokeWidth="6" strokeLinecap="round" fill="none" />
    </>
  ),
  magnet: (
    <>
      <path d="M34 30v34a26 26 0 0 0 52 0V30" fill="none" stroke={INK} strokeWidth="14" />
      <path d="M27 30h14M79 30h14" stroke={ACCENT} strokeWidth="14" />
    </>
  ),
  child: (
    <>
      <circle cx="60" cy="40" r="14" fill={INK} />
      <path d="M36 96c0-24 10-36 24-36s24 12 24 36z" fill={INK} />
      <path d="M90 24l4 8 9 1-7 6 2 9-8-5-8 5 2-9-7-6 9-1z" fill={ACCENT} />
    </>
  ),
  done: (
    <>
      <circle cx="60" cy="60" r="34" fill="#e2f4e8" stroke="#137a3d" strokeWidth="6" />
      <path
        d="M44 60l12 12 22-24"
        stroke="#137a3d"
        strokeWidth="8"
        fill="none"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </>
  ),
};

/** Read-aloud icon (an emoji would need an emoji font the tablet may lack). */
export function SpeakerIcon() {
  return (
    <svg width="28" height="28" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M4 9h4l5-4v14l-5-4H4z" fill="currentColor" />
      <path
        d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12"
        stroke="currentColor"
        strokeWidth="2"
        fill="none"
        strokeLinecap="round"
      />
    </svg>
  );
}
