// The registry's own rules: every entry's example is a valid event, the wire schema validates and
// never rewrites, stream ids follow each type's rule, and sensitivity is the entry's word, never
// the type name's.
import fc from 'fast-check';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { encodeHlc } from '../clock/hlc';
import { defineEventType } from './event-type';
import {
  BUILT_IN_EVENT_TYPES,
  eventProblems,
  eventType,
  eventTypes,
  isSensitive,
  registerEventType,
  wireEventSchema,
} from './registry';
import { sampleEvent } from '../../../test/setup/sample-event';
import { MAX_AGE_YEARS, PATIENT_ID_MAX_LENGTH, STAFF_NAME_MAX_LENGTH } from './text-rules';

const DEVICE = '5d1c1f7e-8a3b-4c2d-9e0f-1a2b3c4d5e6f';
const OTHER_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

describe('the event-type registry', () => {
  it('lists today’s types, each with a payload schema, stream rule, sensitivity, tablet and server handling', () => {
    expect(eventTypes().map((e) => e.type)).toEqual([
      'run.created',
      'run.command',
      'scanner.powerOn',
      'scanner.ready',
      'audit.entry',
      'equipment.registered',
      'equipment.statusSet',
      'service.entryRecorded',
      'service.returnApproved',
      'qc.testSetDefined',
      'qc.resultRecorded',
      'qc.resultReviewed',
      'scanner.overrideRecorded',
      'imageQc.recorded',
      'adverse.reported',
      'adverse.amended',
      'adverse.statusChanged',
      'training.signOff',
      'training.attempt',
      'identity.mismatch',
    ]);
    // Written out: which types hold patient data, which snapshot the tablet rebuilds, where the server projects.
    expect(Object.fromEntries(eventTypes().map((e) => [e.type, [e.sensitive, e.tablet, e.server]]))).toEqual({
      'run.created': [true, 'run', 'run'],
      'run.command': [true, 'run', 'run'],
      'scanner.powerOn': [false, 'scanner', 'scanner'],
      'scanner.ready': [false, 'scanner', 'scanner'],
      'audit.entry': [false, 'none', 'audit'],
      'equipment.registered': [false, 'none', 'quality'],
      'equipment.statusSet': [false, 'none', 'quality'],
      'service.entryRecorded': [false, 'none', 'quality'],
      'service.returnApproved': [false, 'none', 'quality'],
      'qc.testSetDefined': [false, 'none', 'quality'],
      'qc.resultRecorded': [false, 'none', 'quality'],
      'qc.resultReviewed': [false, 'none', 'quality'],
      'scanner.overrideRecorded': [true, 'none', 'quality'],
      'imageQc.recorded': [true, 'none', 'quality'],
      'adverse.reported': [true, 'none', 'quality'],
      'adverse.amended': [true, 'none', 'quality'],
      'adverse.statusChanged': [true, 'none', 'quality'],
      'training.signOff': [false, 'none', 'none'],
      'training.attempt': [false, 'none', 'none'],
      'identity.mismatch': [true, 'none', 'none'],
    });
    // Written out: the moves the server stores only from a signed-in author holding one of these permissions.
    expect(Object.fromEntries(eventTypes().flatMap((e) => (e.requires ? [[e.type, e.requires.anyOf]] : [])))).toEqual({
      'equipment.registered': ['equipment.manage'],
      'equipment.statusSet': ['equipment.manage'],
      'service.returnApproved': ['quality.review'],
      'qc.testSetDefined': ['quality.review', 'equipment.manage'],
      'qc.resultReviewed': ['quality.review'],
      'adverse.statusChanged': ['quality.review'],
      'training.signOff': ['competency.signOff'],
    });
  });

  it.each(BUILT_IN_EVENT_TYPES.map((e) => [e.type, e] as const))('the example of %s is a valid event', (_t, e) => {
    expect(eventProblems(sampleEvent(e, DEVICE))).toEqual([]);
  });

  it('accepted events come out of the schema exactly as they went in (no trimming, no defaults)', () => {
    for (const e of BUILT_IN_EVENT_TYPES) {
      const event = sampleEvent(e, DEVICE);
      expect(wireEventSchema().parse(structuredClone(event))).toEqual(event);
    }
    const spaced = sampleEvent(eventType('run.command')!, DEVICE, { type: 'skip', reason: '  in pain  ' });
    expect(wireEventSchema().parse(structuredClone(spaced))).toEqual(spaced);
  });

  it('refuses what it used to trim: a patient ID with surrounding spaces is an error, not rewritten', () => {
    const created = sampleEvent(eventType('run.created')!, DEVICE);
    const padded = {
      ...created,
      payload: { ...created.payload, patient: { ...created.payload.patient, patientId: ' P-1 ' } },
    };
    expect(eventProblems(padded)).toEqual(['payload.patient.patientId: must not start or end with a space']);
    const long = {
      ...created,
      payload: {
        ...created.payload,
        patient: { ...created.payload.patient, patientId: 'x'.repeat(PATIENT_ID_MAX_LENGTH + 10) },
      },
    };
    expect(eventProblems(long)).toEqual([
      `payload.patient.patientId: must be at most ${PATIENT_ID_MAX_LENGTH} characters (got 74)`,
    ]);
    const nul = sampleEvent(eventType('run.command')!, DEVICE, { type: 'cancel', reason: 'wrong\u0000patient' });
    expect(eventProblems(nul)).toEqual([
      'payload.reason: must not contain control, invisible (zero-width, bidi) or broken (unpaired) characters',
    ]);
    const lone = sampleEvent(eventType('audit.entry')!, DEVICE, { action: 'export', detail: 'half \ud83d' });
    expect(eventProblems(lone)).toHaveLength(1);
  });

  it('a run’s known facts (its first command): checked like any payload, field by field', () => {
    const known = (facts: object) =>
      eventProblems(sampleEvent(eventType('run.command')!, DEVICE, { type: 'known', facts } as never));
    expect(known({ ageYears: 72, sex: 'male', staffName: 'Wang Li' })).toEqual([]);
    expect(known({})).toEqual([]);
    expect(known({ ageYears: MAX_AGE_YEARS + 1 })).toHaveLength(1);
    expect(known({ staffName: 'x'.repeat(STAFF_NAME_MAX_LENGTH + 1) })).toEqual([
      `payload.facts.staffName: must be at most ${STAFF_NAME_MAX_LENGTH} characters (got ${STAFF_NAME_MAX_LENGTH + 1})`,
    ]);
    expect(known({ sex: 'male', weightKg: 80 })).toEqual(['payload.facts: unknown field(s): weightKg']);
  });

  it('property: whatever the schema accepts, it returns unchanged', () => {
    const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom(' a ', '\t', 'abc\n', ''));
    const command = fc.oneof(
      fc.record({ type: fc.constant('skip'), reason: anyText }),
      fc.record({
        type: fc.constant('answer'),
        itemId: fc.constantFrom('notes', 'Bad id'),
        value: fc.oneof(anyText, fc.double(), fc.boolean(), fc.constant(null)),
      }),
      fc.record(
        { type: fc.constant('next'), earlyCloseReason: fc.option(anyText, { nil: undefined }) },
        { requiredKeys: ['type'] },
      ),
      fc.record({
        type: fc.constant('known'),
        facts: fc.record(
          {
            ageYears: fc.oneof(fc.integer({ min: -2, max: 140 }), fc.double()),
            sex: fc.constantFrom('male', 'female', 'x'),
            staffName: anyText,
          },
          { requiredKeys: [] },
        ),
      }),
    );
    fc.assert(
      fc.property(command, (payload) => {
        const event = sampleEvent(eventType('run.command')!, DEVICE, payload);
        const r = wireEventSchema().safeParse(structuredClone(event));
        if (r.success) expect(r.data).toEqual(event);
      }),
      { numRuns: 500 },
    );
  }, 30_000); // 500 runs: over 5 s on the shared 2-core machine under load

  it('checks each type’s stream rule: run id, scanner stream, the recording device’s audit stream', () => {
    const created = sampleEvent(eventType('run.created')!, DEVICE);
    expect(eventProblems({ ...created, streamId: OTHER_ID })).toEqual([
      `streamId must equal the payload's run id (${created.payload.runId})`,
    ]);
    const command = sampleEvent(eventType('run.command')!, DEVICE);
    expect(eventProblems({ ...command, streamId: 'scanner:ct-1' })).toEqual(['streamId must be the id of a run']);
    const ready = sampleEvent(eventType('scanner.ready')!, DEVICE);
    expect(eventProblems({ ...ready, streamId: 'scanner:ct-2' })).toEqual(['streamId must be "scanner:ct-1"']);
    const audit = sampleEvent(eventType('audit.entry')!, DEVICE);
    expect(eventProblems({ ...audit, streamId: `audit:${OTHER_ID}` })).toEqual([`streamId must be "audit:${DEVICE}"`]);
    expect(eventProblems({ ...audit, type: 'adverse.event' })).toEqual(['type: unknown type']);
  });

  it('sensitivity is the entry’s, never the name’s; an unknown type counts as sensitive', () => {
    const entry = (type: string, sensitive: boolean) =>
      defineEventType({
        type,
        payload: z.strictObject({ note: z.string() }),
        stream: { kind: 'derived', streamId: (_p, device) => `notes:${device}` },
        sensitive,
        tablet: 'none',
        server: 'none',
        example: { note: 'x' },
      });
    const undo = [registerEventType(entry('run.harmlessTick', false)), registerEventType(entry('adverse.event', true))];
    try {
      expect(isSensitive('run.harmlessTick')).toBe(false);
      expect(isSensitive('adverse.event')).toBe(true);
      expect(isSensitive('never.registered')).toBe(true);
      expect(() => registerEventType(entry('adverse.event', false))).toThrow(/already registered/);
      expect(eventProblems(sampleEvent(eventType('adverse.event')!, DEVICE))).toEqual([]);
    } finally {
      undo.forEach((u) => u());
    }
    expect(eventType('adverse.event')).toBeUndefined();
    expect(eventProblems({ ...sampleEvent(eventType('audit.entry')!, DEVICE), type: 'adverse.event' })).toEqual([
      'type: unknown type',
    ]);
  });

  it('a sample event stamps like a tablet does', () => {
    const e = sampleEvent(eventType('scanner.powerOn')!, DEVICE);
    expect(e).toMatchObject({
      streamId: 'scanner:ct-1',
      device: DEVICE,
      deviceSeq: 1,
      hlc: encodeHlc({ wall: e.at, counter: 0 }),
    });
  });
});
