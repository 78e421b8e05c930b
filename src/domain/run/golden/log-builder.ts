// Writes run event logs the way tablets do (hybrid-clock stamps, per-device sequence numbers,
// deterministic ids), for golden fixtures, projection tests and benchmarks. No clock or randomness:
// every time is given, so the same script always writes the same log.
import { decodeHlc, encodeHlc, HLC_ZERO, receiveHlc, tickHlc, type Hlc } from '../../clock/hlc';
import { DEFAULT_TIMER_RULES } from '../../timers/timers';
import type { SopDefinition } from '../../sop/sop.schema';
import type { RunEvent } from '../run.event';
import type { RunHeader } from '../run.header';
import type { RunCommand, RunPriority } from '../run.types';
import type { Scenario, ScenarioAction } from '../../../sops/scenario';

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const uuid = (a: number, b: number) => `${hex(a, 8)}-0000-4000-8000-${hex(b, 12)}`;

/** A tablet with its own clock stamp and event counter; `offsetMs` is how wrong its clock is. */
export type Tablet = { readonly device: string; user: string; hlc: Hlc; seq: number; offsetMs: number };

export function tablet(no: number, user: string): Tablet {
  return { device: uuid(0xdddd0000 + no, no), user, hlc: HLC_ZERO, seq: 0, offsetMs: 0 };
}

/** One run's log as it grows; `at` is true time, each event carries its tablet's (possibly wrong) clock. */
export function runLog(runNo: number) {
  const runId = uuid(runNo, 0);
  const events: RunEvent[] = [];
  const stamp = (t: Tablet, at: number) => {
    const wall = at + t.offsetMs;
    t.hlc = tickHlc(t.hlc, wall);
    t.seq += 1;
    const id = uuid(runNo, events.length + 1);
    return { id, streamId: runId, at: wall, hlc: encodeHlc(t.hlc), user: t.user, device: t.device, deviceSeq: t.seq };
  };
  return {
    runId,
    events,
    create(t: Tablet, header: Omit<RunHeader, 'runId' | 'arrivedAt'>, at: number) {
      events.push({ ...stamp(t, at), type: 'run.created', payload: { ...header, runId, arrivedAt: at + t.offsetMs } });
    },
    command(t: Tablet, payload: RunCommand, at: number) {
      events.push({ ...stamp(t, at), type: 'run.command', payload });
    },
    /** The tablet syncs: it has seen every event so far, so its next stamps sort after them. */
    sync(t: Tablet, at: number) {
      for (const e of events) t.hlc = receiveHlc(t.hlc, decodeHlc(e.hlc), at + t.offsetMs);
    },
  };
}

export type RunLog = ReturnType<typeof runLog>;

/** The header of a run on a card: exams carry a (made-up) patient, QC runs none. */
export function headerFor(
  sop: SopDefinition,
  priority: RunPriority = 'routine',
  scanner = `${sop.modality.toLowerCase()}-1`,
) {
  return {
    kind: sop.kind,
    sop: { id: sop.id, version: sop.version },
    priority,
    scanner,
    timerRules: DEFAULT_TIMER_RULES,
    ...(sop.kind === 'exam'
      ? { patient: { patientId: 'P-GOLDEN-0001', name: 'Test Patient', sex: 'unknown' as const, language: 'en' } }
      : {}),
  };
}

/** Plays actions on one tablet, one second apart plus their waits; returns the time of the last. */
export function play(log: RunLog, t: Tablet, actions: readonly ScenarioAction[], from: number): number {
  let now = from;
  for (const action of actions) {
    now += 1000;
    if (action.type === 'wait') now += action.ms;
    else log.command(t, action, now);
  }
  return now;
}

/** Display names of the tablets' users, as the new-exam form records them (the known facts' staffName). */
const STAFF_NAMES: Readonly<Record<string, string>> = { chen: 'Chen Jing', wang: 'Wang Li' };

/**
 * A card's scenario on one tablet as a log, as src/sops/library.test.ts plays it: the known facts
 * (who started it, and what the scenario's new-exam form said) first, in the creating tablet's
 * write, as the tablet records them.
 */
export function scenarioLog(sop: SopDefinition, scenario: Scenario, runNo: number, start: number, t: Tablet): RunLog {
  const log = runLog(runNo);
  const header = headerFor(sop, scenario.priority);
  const { sex, ageYears } = scenario.facts ?? {};
  // The patient the form described, so the header and the known facts agree.
  const patient = header.patient && {
    ...header.patient,
    ...(sex && { sex }),
    ...(ageYears !== undefined && { ageYears }),
  };
  log.create(t, { ...header, ...(patient && { patient }) }, start);
  log.command(t, { type: 'known', facts: { staffName: STAFF_NAMES[t.user] ?? t.user, ...scenario.facts } }, start);
  play(log, t, scenario.actions, start);
  return log;
}
