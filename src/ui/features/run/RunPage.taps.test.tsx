// Taps draw at once and are stored behind, in order (issue 18): on a real (fake-indexeddb) database.
import { configure, fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createRun, streamEvents, type SopLookup } from '../../../db/runs.repo';
import { getRun } from '../../../db/runs.queries';
import type { NewRunHeader } from '../../../domain/run/run.header';
import { chestCtV1 as chestCt } from '../../../sops/published';
import { renderWith, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import RunPage from './RunPage';

const lookup: SopLookup = (id, v) => (id === chestCt.id && v === chestCt.version ? chestCt : undefined);
const TWO_IDS = /Two identifiers match/;
const REQUEST = /Exam request matches/;

async function openRun() {
  const services = testServices();
  const header: NewRunHeader = {
    kind: 'exam',
    sop: { id: 'chest-ct', version: 1 },
    priority: 'routine',
    scanner: 'CT 1',
    timerRules: services.timerRules,
    patient: { patientId: 'P-18', sex: 'female', language: 'en', ageYears: 40 },
  };
  const id = await createRun(services.db, services.vault, lookup, header, { user: 'tester', now: services.clock.now });
  renderWith(<RunPage id={id} />, services, `/run/${id}`);
  await screen.findByRole('heading', { level: 1, name: 'Patient identity' });
  const stored = async () => (await getRun(services.db, services.vault, id))!;
  return { services, id, stored };
}

const box = (name: RegExp) => screen.getByRole<HTMLInputElement>('checkbox', { name });
const savingItems = () => [...document.querySelectorAll('[data-saving]')].map((e) => e.getAttribute('data-item'));

/** Holds the run's command writes (the transaction over events + runs) until released; `fail`: then throws. */
function holdRunWrites(services: ReturnType<typeof testServices>, fail: boolean) {
  const { db } = services;
  const original = db.transaction.bind(db) as (...a: unknown[]) => Promise<unknown>;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const attempts: number[] = [];
  vi.spyOn(db, 'transaction').mockImplementation(((...args: unknown[]) => {
    const tables = args[1];
    const isCommand = Array.isArray(tables) && tables.includes(db.runs) && tables.includes(db.events);
    if (!isCommand) return original(...args);
    attempts.push(attempts.length);
    return gate.then(() => {
      if (fail) throw new Error('the disk said no');
      return original(...args);
    });
  }) as never);
  return { release, attempts };
}

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

describe('RunPage taps', { timeout: 15_000 }, () => {
  it('draws a tap before its event is stored, marked "saving" until the commit', async () => {
    const { services, stored } = await openRun();
    const held = holdRunWrites(services, false);
    fireEvent.click(box(TWO_IDS));
    expect(box(TWO_IDS).checked).toBe(true); // drawn at once, the write still held
    expect(savingItems()).toEqual(['twoIdentifiers']);
    expect(screen.getByText('saving…')).toBeTruthy();
    expect((await stored()).state.context.answers).toEqual({});
    held.release();
    await waitFor(() => expect(savingItems()).toEqual([]));
    expect(box(TWO_IDS).checked).toBe(true);
    expect((await stored()).state.context.answers).toEqual({ twoIdentifiers: true });
  });

  it('a failed write undoes the screen, drops the taps queued behind it and says "not saved"', async () => {
    const { services, stored } = await openRun();
    const held = holdRunWrites(services, true);
    fireEvent.click(box(TWO_IDS));
    fireEvent.click(box(REQUEST));
    fireEvent.click(box(TWO_IDS));
    fireEvent.click(box(TWO_IDS));
    expect([box(TWO_IDS).checked, box(REQUEST).checked]).toEqual([true, true]);
    expect(savingItems().sort()).toEqual(['requestMatches', 'twoIdentifiers']);
    held.release();
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/^Not saved: the disk said no/));
    expect([box(TWO_IDS).checked, box(REQUEST).checked]).toEqual([false, false]);
    expect(savingItems()).toEqual([]);
    expect(held.attempts).toHaveLength(1); // the three behind it were never written
    const row = await stored();
    expect([row.state.context.answers, row.eventCount]).toEqual([{}, 1]);

    vi.mocked(services.db.transaction).mockRestore(); // the disk recovers: the next tap is stored
    fireEvent.click(box(REQUEST));
    await waitFor(() => expect(savingItems()).toEqual([]));
    expect((await stored()).state.context.answers).toEqual({ requestMatches: true });
  });

  it('fast taps are stored in the order they were drawn, and the screen ends on what is stored', async () => {
    const { services, id, stored } = await openRun();
    const taps = [TWO_IDS, TWO_IDS, REQUEST, TWO_IDS, REQUEST, REQUEST, TWO_IDS];
    for (const name of taps) fireEvent.click(box(name)); // no waiting between taps
    expect([box(TWO_IDS).checked, box(REQUEST).checked]).toEqual([false, true]);
    await waitFor(() => expect(savingItems()).toEqual([]));
    expect([box(TWO_IDS).checked, box(REQUEST).checked]).toEqual([false, true]);
    const log = (await streamEvents(services.db, services.vault, id)).flatMap((e) =>
      e.type === 'run.command' && e.payload.type === 'answer' ? [`${e.payload.itemId}=${e.payload.value}`] : [],
    );
    expect(log).toEqual([
      'twoIdentifiers=true',
      'twoIdentifiers=null',
      'requestMatches=true',
      'twoIdentifiers=true',
      'requestMatches=null',
      'requestMatches=true',
      'twoIdentifiers=null',
    ]);
    const row = await stored();
    expect([row.state.context.answers, row.eventCount]).toEqual([{ requestMatches: true }, 8]);
  });
});
