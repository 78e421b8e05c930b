// Breath-hold coach: the technologist starts it (they stay in control — MISSION.md), the patient
// follows the large prompts and countdown, spoken aloud where the device has a voice.
import type { TFunction } from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { breathCoachDurationMs, breathPhaseAt, type BreathPhase } from '../../../domain/guidance/breath-coach';
import { speak } from '../../speech/speech';

export function BreathCoach({
  holdSeconds,
  t,
  lang,
  startLabel,
}: {
  holdSeconds: number;
  t: TFunction;
  lang: string;
  startLabel: string;
}) {
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [now, setNow] = useState(0);
  const spoken = useRef<string>('');

  useEffect(() => {
    if (startedAt === null) return;
    const id = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(id);
  }, [startedAt]);

  const phase: BreathPhase | null =
    startedAt === null ? null : breathPhaseAt(Math.max(0, now - startedAt), holdSeconds);
  const done = startedAt !== null && now - startedAt >= breathCoachDurationMs(holdSeconds) + 3000;
  useEffect(() => {
    if (!phase) return;
    const say = phase.kind === 'hold' ? String(phase.secondsLeft) : t(phase.key);
    if (say !== spoken.current) {
      spoken.current = say;
      speak(say, lang);
    }
  }, [phase, t, lang]);
  useEffect(() => {
    if (done) setStartedAt(null);
  }, [done]);

  if (!phase) {
    return (
      <div className="breath-coach">
        <button
          type="button"
          className="btn btn-primary btn-big"
          onClick={() => {
            const t0 = Date.now();
            setNow(t0);
            setStartedAt(t0);
          }}
        >
          ▶ {startLabel}
        </button>
      </div>
    );
  }
  return (
    <div
      className={`breath-coach breath-running breath-${phase.kind}`}
      role="timer"
      aria-live="assertive"
      data-breath-phase={phase.kind}
    >
      <div className="breath-circle" aria-hidden="true" />
      <p className="breath-text">{t(phase.key)}</p>
      {phase.kind === 'hold' && <p className="breath-count">{phase.secondsLeft}</p>}
    </div>
  );
}
