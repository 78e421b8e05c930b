// Patient identifiers and free text are sealed at rest. A run is recorded the way the app records it
// (createRun/runCommand) and another tablet's run is merged the way sync merges it (mergePulled);
// then the database is read back with the plain IndexedDB API — no Dexie, no key — and every record
// of every object store is searched for the secrets, in clear and base64-encoded. The same run still
// opens with the tablet's key, so the data is stored, only sealed; any other key is refused.
import { describe, expect, it } from 'vitest';
import { importDek, unwrapDek, wrapDek, WrongSecretError } from '../../src/db/crypto/keys';
import { createVault, fromBase64, SealedDataError, toBase64 } from '../../src/db/crypto/vault';
import { ScanCardDb, type StoredEvent } from '../../src/db/db';
import { recordAudit } from '../../src/db/audit.repo';
import { keyringEntry, saveKeyringEntry } from '../../src/db/keyring.repo';
import { eventsByIds, getRun } from '../../src/db/runs.queries';
import { createRun, runCommand, streamEvents, type SopLookup } from '../../src/db/runs.repo';
import { readPending } from '../../src/db/outbox.repo';
import { mergePulled } from '../../src/db/sync.repo';
import { encodeHlc } from '../../src/domain/clock/hlc';
import type { RunHeader } from '../../src/domain/run/run.header';
import type { RunCommand } from '../../src/domain/run/run.types';
import { DEFAULT_SCANNERS } from '../../src/domain/scanners/scanner';
import { DEFAULT_TIMER_RULES } from '../../src/domain/timers/timers';
import { step } from '../../src/sops/scenario';
import { BUILT_IN_SOPS } from '../../src/sops/library';

const T0 = Date.UTC(2026, 10, 23, 9, 0);
const lookup: SopLookup = (id, v) => BUILT_IN_SOPS.find((s) => s.id === id && s.version === v);

const PATIENT_ID = 'PID-7731-SECRET';
const PATIENT_NAME = 'Wang Xiaoming';
const FREE_TEXT = 'free text 4242 secret';
const SKIP_REASON = 'reason text 9876 secret';
const OTHER_ID = 'PID-5550-OTHER';
const OTHER_NAME = 'Chen Lingling';
const OTHER_REASON = 'remote cancel 1357 secret';
/** Everything that must never be readable without the key (whole values and telling fragments). */
const SECRETS = [
  PATIENT_ID,
  'PID-7731',
  PATIENT_NAME,
  'Xiaoming',
  FREE_TEXT,
  SKIP_REASON,
  OTHER_ID,
  'PID-5550',
  OTHER_NAME,
  'Lingling',
  OTHER_REASON,
];

/** Every record and key of every object store, read with the raw IndexedDB API (fake-indexeddb here). */
async function rawDump(name: string): Promise<Record<string, { keys: unknown[]; values: unknown[] }>> {
  const done = <T>(req: IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  const open = indexedDB.open(name); // no version: opens what is there, never upgrades
  const idb = await done(open);
  try {
    const stores = [...idb.objectStoreNames];
    const tx = idb.transaction(stores, 'readonly');
    const out: Record<string, { keys: unknown[]; values: unknown[] }> = {};
    for (const s of stores) {
      const store = tx.objectStore(s);
      out[s] = { keys: await done(store.getAllKeys()), values: await done(store.getAll()) };
    }
    return out;
  } finally {
    idb.close();
  }
}

const tag = (v: unknown) => Object.prototype.toString.call(v);
const bytesOf = (v: unknown): Uint8Array | undefined => {
  if (tag(v) === '[object ArrayBuffer]') return new Uint8Array(v as ArrayBuffer);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  return undefined;
};

/** JSON with binary as base64 (plus its bytes read as text, so clear text hidden in binary is seen too). */
function serialise(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    const bytes = bytesOf(v);
    if (bytes) return { base64: toBase64(bytes), asText: new TextDecoder('utf-8', { fatal: false }).decode(bytes) };
    if (v instanceof Map) return { map: [...v.entries()] };
    if (v instanceof Set) return { set: [...v] };
    if (tag(v) === '[object Blob]' || tag(v) === '[object File]')
      throw new Error('a Blob in IndexedDB: extend this test to read it');
    return v;
  });
}

/** Every string in the dump that is valid base64 of some length, decoded: catches "encoded, not encrypted". */
function decodedBase64Strings(dump: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const m of dump.matchAll(/[A-Za-z0-9+/]{8,}={0,2}/g)) {
    const s = m[0];
    for (const cut of [0, 1, 2, 3]) {
      const t = s.slice(cut);
      const padded =
        t.length % 4 === 0 ? t : t.replace(/=+$/, '') + '='.repeat((4 - (t.replace(/=+$/, '').length % 4)) % 4);
      try {
        out.push(fromBase64(padded));
      } catch {
        /* not base64 at this offset */
      }
    }
  }
  return out;
}

const contains = (hay: Uint8Array, needle: Uint8Array) => {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
};
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

describe('patient data at rest', () => {
  it('stores no patient identifier, name or free text in clear in any object store, yet opens with the key', async () => {
    const db = new ScanCardDb(`at-rest-${crypto.randomUUID()}`);
    const dek = crypto.getRandomValues(new Uint8Array(32));
    const vault = createVault(importDek(dek));
    try {
      // This tablet's user: the DEK wrapped by her PIN (fewer KDF rounds than production to keep the test fast).
      await saveKeyringEntry(db, 'user-1', await wrapDek(dek, '8642', 1_000), T0);

      // A chest CT recorded tap by tap, with a typed skip reason and a free-text note.
      let now = T0;
      const actor = () => ({ user: 'user-1', now: (now += 1000) });
      const id = await createRun(
        db,
        vault,
        lookup,
        {
          kind: 'exam',
          sop: { id: 'chest-ct', version: 1 },
          priority: 'routine',
          scanner: 'CT 1',
          timerRules: DEFAULT_TIMER_RULES,
          patient: { patientId: PATIENT_ID, name: PATIENT_NAME, birthDate: '1971-04-02', sex: 'male', language: 'zh' },
        },
        actor(),
      );
      const taps: RunCommand[] = [
        ...step({ twoIdentifiers: true, requestMatches: true }),
        ...step({ pregnancy: 'notApplicable' }),
        { type: 'skip', reason: SKIP_REASON }, // preparation
        ...step({ supineArmsUp: true, centred: true }),
        ...step({ breathHoldPractised: true }),
        ...step({ protocol: 'routine', scanDone: true, dlp: 320 }),
        ...step({ fullCoverage: true, motionArtefact: false, reconstructions: true }),
        { type: 'answer', itemId: 'bodyPartExamined', value: 'chest' },
        { type: 'answer', itemId: 'imagesSent', value: true },
        { type: 'answer', itemId: 'notes', value: FREE_TEXT }, // still open at the send step
      ] as RunCommand[];
      for (const t of taps) await runCommand(db, vault, lookup, id, t, actor());
      await recordAudit(db, actor(), 'run.view', id);

      // Another tablet's run, merged as sync merges a pulled page.
      const otherRun = crypto.randomUUID();
      const otherDevice = crypto.randomUUID();
      const meta = (seq: number) => ({
        id: crypto.randomUUID(),
        streamId: otherRun,
        at: T0 + seq * 1000,
        hlc: encodeHlc({ wall: T0 + seq * 1000, counter: 0 }),
        user: 'user-2',
        device: otherDevice,
        deviceSeq: seq,
      });
      const otherHeader: RunHeader = {
        runId: otherRun,
        kind: 'exam',
        sop: { id: 'chest-ct', version: 1 },
        priority: 'urgent',
        arrivedAt: T0 + 1000,
        scanner: 'CT 2',
        timerRules: DEFAULT_TIMER_RULES,
        patient: { patientId: OTHER_ID, name: OTHER_NAME, ageYears: 33, sex: 'female', language: 'en' },
      };
      const pulled: StoredEvent[] = [
        { ...meta(1), type: 'run.created', payload: otherHeader },
        { ...meta(2), type: 'run.command', payload: { type: 'answer', itemId: 'twoIdentifiers', value: true } },
        { ...meta(3), type: 'run.command', payload: { type: 'cancel', reason: OTHER_REASON } },
      ];
      const merged = await mergePulled(db, vault, pulled, {
        sops: lookup,
        scanners: DEFAULT_SCANNERS,
        timerRules: DEFAULT_TIMER_RULES,
        now: T0 + 10_000,
      });
      expect(merged).toEqual({ added: 3, runsRebuilt: 1, runsWaiting: [] });

      // Without the key: nothing identifying, in clear or merely base64-encoded, anywhere.
      const dump = await rawDump(db.name);
      expect(Object.keys(dump)).toEqual(
        expect.arrayContaining([
          'events',
          'eventPages',
          'quarantine',
          'runs',
          'scanners',
          'sops',
          'meta',
          'keyring',
          'directory',
        ]),
      );
      expect(dump.events!.values).toHaveLength(1 + taps.length + 1 + pulled.length); // the dump really holds the data…
      expect(dump.runs!.values).toHaveLength(2);
      const text = serialise(dump);
      expect(text).toContain(id); // …and what is meant to be in clear is (ids, card, step)
      expect(text).toContain(otherRun);
      expect(text).toContain('chest-ct');
      const lower = text.toLowerCase();
      for (const secret of SECRETS) {
        expect(text, `"${secret}" stored in clear`).not.toContain(secret);
        expect(lower, `"${secret}" stored in clear (any case)`).not.toContain(secret.toLowerCase());
      }
      const decoded = decodedBase64Strings(text);
      expect(decoded.length).toBeGreaterThan(0);
      const enc = new TextEncoder();
      for (const secret of SECRETS) {
        const needle = enc.encode(secret);
        expect(
          decoded.some((b) => contains(b, needle)),
          `"${secret}" stored base64-encoded but not encrypted`,
        ).toBe(false);
      }
      // Run rows keep only the identity-free summary in clear; run events keep no payload in clear.
      for (const r of dump.runs!.values as Record<string, unknown>[]) {
        expect(r).not.toHaveProperty('header');
        expect(r).not.toHaveProperty('state');
        expect(r.summary).not.toHaveProperty('patient');
        expect(r.sealed).toEqual({ iv: expect.any(String), ct: expect.any(String) });
      }
      // (Pulled ones are sealed with the others of their page: event-pages.ts.)
      const pages = new Map(
        (dump.eventPages!.values as { id: string; ids: string[]; sealed: unknown }[]).map((p) => [p.id, p]),
      );
      for (const e of dump.events!.values as Record<string, unknown>[]) {
        if (!String(e.type).startsWith('run.')) continue;
        expect(e).not.toHaveProperty('payload');
        const place = e.inPage as { page: string; n: number } | undefined;
        if (pulled.some((p) => p.id === e.id)) {
          expect(e).not.toHaveProperty('sealed');
          expect(pages.get(place!.page)?.ids[place!.n]).toBe(e.id);
          expect(pages.get(place!.page)?.sealed).toEqual({ iv: expect.any(String), ct: expect.any(String) });
        } else expect(e.sealed).toEqual({ iv: expect.any(String), ct: expect.any(String) });
      }
      expect(pages.size).toBe(1); // the pulled page: one envelope

      // The keyring holds only the wrapped DEK: the raw key is nowhere, in any encoding.
      expect(text).not.toContain(toBase64(dek));
      expect(lower).not.toContain(hex(dek));
      expect(decoded.some((b) => contains(b, dek))).toBe(false);
      expect(dump.keyring!.values).toHaveLength(1);
      const [ring] = dump.keyring!.values as Record<string, unknown>[];
      // Besides the wrapped key: when it was added, the server's credential version and last confirmation (numbers).
      expect(Object.keys(ring!).sort()).toEqual([
        'addedAt',
        'confirmedAt',
        'ct',
        'iterations',
        'iv',
        'salt',
        'userId',
        'version',
      ]);
      expect(ring).toMatchObject({ version: expect.any(Number), confirmedAt: expect.any(Number) });
      for (const v of Object.values(ring!)) {
        if (typeof v !== 'string') continue;
        const b = v === 'user-1' ? enc.encode(v) : fromBase64(v);
        expect(contains(b, dek)).toBe(false);
      }
      expect(fromBase64(ring!.ct as string)).toHaveLength(dek.length + 16); // the DEK encrypted + GCM tag
      // …and it is a real wrapped copy of this tablet's key: the PIN opens it, another PIN does not.
      const entry = (await keyringEntry(db, 'user-1'))!;
      expect(await unwrapDek(entry, '8642')).toEqual(dek);
      await expect(unwrapDek(entry, '0000')).rejects.toBeInstanceOf(WrongSecretError);

      // With the key: everything is there.
      const mine = (await getRun(db, vault, id))!;
      expect(mine.header.patient).toEqual({
        patientId: PATIENT_ID,
        name: PATIENT_NAME,
        birthDate: '1971-04-02',
        sex: 'male',
        language: 'zh',
      });
      expect(mine.state.value).toBe('send');
      expect(mine.state.context.answers).toMatchObject({ notes: FREE_TEXT, bodyPartExamined: 'chest' });
      expect(mine.state.context.skips).toEqual([
        expect.objectContaining({ stepId: 'preparation', reason: SKIP_REASON }),
      ]);
      expect(mine.eventCount).toBe(1 + taps.length);
      const theirs = (await getRun(db, vault, otherRun))!;
      expect(theirs.header.patient).toMatchObject({ patientId: OTHER_ID, name: OTHER_NAME });
      expect(theirs.status).toBe('cancelled');
      expect(theirs.state.context.cancelled).toMatchObject({ reason: OTHER_REASON });
      const log = await streamEvents(db, vault, id);
      expect(log.find((e) => e.type === 'run.created')!.payload.patient!.patientId).toBe(PATIENT_ID);
      expect(
        log.some((e) => e.type === 'run.command' && e.payload.type === 'answer' && e.payload.value === FREE_TEXT),
      ).toBe(true);
      expect(
        await eventsByIds(
          db,
          vault,
          pulled.map((e) => e.id),
        ),
      ).toEqual(pulled);
      // The outbox sends this tablet's events opened (HTTPS protects them on the wire), the merged ones are not resent.
      const outbox = await readPending(db, vault);
      expect(outbox).toHaveLength(1 + taps.length + 1);
      expect(outbox[0]).toMatchObject({ type: 'run.created', payload: { patient: { patientId: PATIENT_ID } } });

      // Another tablet's key (or a stolen copy of the database) opens nothing.
      const stranger = createVault(importDek(crypto.getRandomValues(new Uint8Array(32))));
      await expect(getRun(db, stranger, id)).rejects.toBeInstanceOf(SealedDataError);
      await expect(getRun(db, stranger, otherRun)).rejects.toBeInstanceOf(SealedDataError);
      await expect(streamEvents(db, stranger, id)).rejects.toBeInstanceOf(SealedDataError);
      await expect(eventsByIds(db, stranger, [pulled[0]!.id])).rejects.toBeInstanceOf(SealedDataError);
      await expect(readPending(db, stranger)).rejects.toBeInstanceOf(SealedDataError);
    } finally {
      await db.delete();
    }
  });

  it('a sealed blob moved onto another record does not open (the record id is bound in)', async () => {
    const db = new ScanCardDb(`at-rest-${crypto.randomUUID()}`);
    const vault = createVault(importDek(crypto.getRandomValues(new Uint8Array(32))));
    try {
      const make = (patientId: string) =>
        createRun(
          db,
          vault,
          lookup,
          {
            kind: 'exam',
            sop: { id: 'chest-ct', version: 1 },
            priority: 'routine',
            scanner: 'CT 1',
            timerRules: DEFAULT_TIMER_RULES,
            patient: { patientId, sex: 'female', language: 'en', ageYears: 40 },
          },
          { user: 'u', now: T0 },
        );
      const a = await make('PID-A');
      const b = await make('PID-B');
      const recordB = (await db.runs.get(b))!;
      const recordA = (await db.runs.get(a))!;
      await db.runs.put({ ...recordB, sealed: recordA.sealed }); // swap A's sealed patient onto B
      await expect(getRun(db, vault, b)).rejects.toBeInstanceOf(SealedDataError);
      expect((await getRun(db, vault, a))!.header.patient!.patientId).toBe('PID-A');
    } finally {
      await db.delete();
    }
  });
});
