// Property: anything the tablet's validation lets it store, the department server accepts — and
// stores exactly as sent — on SQLite and on PostgreSQL. The tablet once stored a 74-character
// patient ID the server refused forever; here arbitrary text (too long, control characters, NUL,
// lone surrogates, surrounding spaces) goes into every text field of every type.
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventGate, type AnyEvent, type EventGate } from '../../src/db/events.repo';
import { eventType } from '../../src/domain/events/registry';
import { pushRequestSchema } from '../../src/domain/sync/protocol.schema';
import { checkEvents } from '../../src/server/push-checks';
import { sampleEvent } from '../setup/sample-event';
import { openHarness, type Harness } from '../server/harness';
import { STORES } from '../server/stores';

const char16 = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const text = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: char16, maxLength: 80 }), // NUL, control characters, lone surrogates
  fc.constantFrom('', ' ', ' P-1', 'P-1 ', '\u0000', 'a\u0000b', '\ud800', 'x'.repeat(64), 'x'.repeat(65), '  ok  '),
);

let gate: EventGate;
const tabletAccepts = (e: AnyEvent) => {
  try {
    gate.check(e);
    return true;
  } catch {
    return false;
  }
};

/** A batch as a tablet might build it: a run with an adversarial patient, a command, an audit entry, a warm-up. */
const batchOf = (device: string) =>
  fc
    .record({
      patientId: text,
      name: fc.option(text, { nil: undefined }),
      language: fc.oneof(fc.constant('en'), text),
      scanner: fc.oneof(fc.constant('CT 1'), text),
      reason: text,
      answer: fc.oneof(text, fc.double(), fc.boolean(), fc.constant(null)),
      subject: fc.option(text, { nil: undefined }),
      detail: fc.option(text, { nil: undefined }),
      user: fc.oneof(fc.constant('user-1'), text),
      commandKind: fc.constantFrom('skip', 'cancel', 'fastPath', 'answer', 'next'),
    })
    .map((f) => {
      const created = sampleEvent(eventType('run.created')!, device, {
        ...eventType('run.created')!.example,
        runId: randomUUID(),
        scanner: f.scanner,
        patient: {
          patientId: f.patientId,
          sex: 'unknown',
          language: f.language,
          ageYears: 40,
          ...(f.name !== undefined && { name: f.name }),
        },
      });
      const payload =
        f.commandKind === 'answer'
          ? { type: 'answer', itemId: 'notes', value: f.answer }
          : f.commandKind === 'next'
            ? { type: 'next', earlyCloseReason: f.reason }
            : { type: f.commandKind, reason: f.reason };
      const command = { ...sampleEvent(eventType('run.command')!, device, payload, 2), streamId: created.streamId };
      const audit = sampleEvent(eventType('audit.entry')!, device, {
        action: 'run.view',
        ...(f.subject !== undefined && { subject: f.subject }),
        ...(f.detail !== undefined && { detail: f.detail }),
      });
      const warmup = { ...sampleEvent(eventType('scanner.powerOn')!, device, undefined, 3), user: f.user };
      return [created, command, audit, warmup] as AnyEvent[];
    });

beforeAll(async () => {
  gate = await eventGate();
});

it('what the tablet accepts, the push schema accepts unchanged, and the server’s shape checks pass', () => {
  const device = randomUUID();
  let accepted = 0;
  let refused = 0;
  fc.assert(
    fc.property(batchOf(device), (events) => {
      const ok = events.filter(tabletAccepts);
      refused += events.length - ok.length;
      // A command on a run the tablet could not create never exists on the tablet.
      const kept = ok.filter((e) => e.type !== 'run.command' || ok.some((c) => c.type === 'run.created'));
      if (!kept.length) return;
      accepted += kept.length;
      const request = { batchId: randomUUID(), events: structuredClone(kept) };
      const parsed = pushRequestSchema.safeParse(request);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(parsed.data).toEqual(request);
      const checked = checkEvents(parsed.data!.events, device);
      expect(checked.refused).toEqual([]);
      expect(checked.candidates.map((c) => c.event)).toEqual(request.events);
    }),
    { numRuns: 1000 },
  );
  expect(accepted).toBeGreaterThan(500); // the property saw real events…
  expect(refused).toBeGreaterThan(500); // …and real refusals
});

/** Server bookkeeping added to pulled events: not part of the event. */
const withoutServerFields = (e: Record<string, unknown>) => {
  const copy = { ...e };
  delete copy.serverSeq;
  delete copy.receivedAt;
  return copy;
};

describe.each(STORES)('what the tablet accepts, the server stores as sent, on $name', (factory) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(factory);
  });
  afterAll(() => h.close());

  it('property: every tablet-accepted batch is answered 200 and pulled back as sent', async () => {
    const writer = await h.enrol();
    const reader = await h.enrol();
    const user = await h.tokenFor(await h.addUser('technologist'), reader.deviceId);
    let pushed = 0;
    let seq = 0;
    await fc.assert(
      fc.asyncProperty(batchOf(writer.deviceId), async (events) => {
        const ok = events.filter(tabletAccepts);
        // Numbered the way one tablet numbers its events: each number once, increasing.
        const kept = ok
          .filter((e) => e.type !== 'run.command' || ok.some((c) => c.type === 'run.created'))
          .map((e) => ({ ...e, deviceSeq: ++seq }));
        if (!kept.length) return;
        const before = (await h.store.eventsAfter(0, 1_000_000)).lastSeq;
        const res = await h.call(
          'POST',
          '/api/sync/push',
          { device: writer.token },
          { batchId: randomUUID(), events: kept },
        );
        expect(res.status, res.body).toBe(200);
        expect(res.json.refused, res.body).toEqual([]);
        const pulled = await h.call('GET', `/api/sync/pull?after=${before}&limit=100`, { device: reader.token, user });
        const back = (pulled.json.events as Record<string, unknown>[]).map(withoutServerFields);
        expect(back).toEqual(kept);
        pushed += kept.length;
      }),
      { numRuns: 60 },
    );
    expect(pushed).toBeGreaterThan(30);
  });
});
