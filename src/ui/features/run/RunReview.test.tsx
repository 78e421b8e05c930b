// Two tablets pressed "next" on the same step while offline. After the merge the second "next"
// lands on a step whose required question is unanswered: it cannot apply, so the run is flagged
// and the set-aside move is shown with its tablet and time.
import { screen } from '@testing-library/react';
import { beforeAll, expect, it } from 'vitest';
import { encodeHlc, decodeHlc } from '../../../domain/clock/hlc';
import { createRun, rebuildRun, runCommand } from '../../../db/runs.repo';
import { openEvents, sealEvent } from '../../../db/run-codec';
import { DEFAULT_TIMER_RULES } from '../../../domain/timers/timers';
import { BUILT_IN_SOPS } from '../../../sops/library';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { renderWith, testServices } from '../../../../test/setup/render';
import RunPage from './RunPage';
import { WorklistItem } from '../worklist/WorklistItem';

const lookup = (id: string, v: number) => BUILT_IN_SOPS.find((s) => s.id === id && s.version === v);
beforeAll(() => initTestI18n());

it('shows moves that did not fit after a merge, and flags the run on the worklist', async () => {
  const services = testServices();
  const { db, vault } = services;
  const actor = () => ({ user: 'tech-a', now: (services.clock.now += 1000) });
  const runId = await createRun(
    db,
    services.vault,
    lookup,
    {
      kind: 'exam',
      sop: { id: 'chest-ct', version: 1 },
      priority: 'routine',
      scanner: 'CT 1',
      timerRules: DEFAULT_TIMER_RULES,
      patient: { patientId: 'P-77', sex: 'male', language: 'en', ageYears: 60 },
    },
    actor(),
  );
  await runCommand(
    db,
    services.vault,
    lookup,
    runId,
    { type: 'answer', itemId: 'twoIdentifiers', value: true },
    actor(),
  );
  await runCommand(
    db,
    services.vault,
    lookup,
    runId,
    { type: 'answer', itemId: 'requestMatches', value: true },
    actor(),
  );
  await runCommand(db, services.vault, lookup, runId, { type: 'next' }, actor());
  const aNext = (await openEvents(vault, await db.events.toArray())).find(
    (e) => e.type === 'run.command' && e.payload.type === 'next',
  )!;
  const later = encodeHlc({ ...decodeHlc(aNext.hlc), counter: decodeHlc(aNext.hlc).counter + 1 });
  const copy = {
    ...aNext,
    id: crypto.randomUUID(),
    user: 'tech-b',
    device: '0b0b0b0b-0000-4000-8000-000000000000',
    deviceSeq: 9,
    hlc: later,
  };
  await db.events.add(await sealEvent(vault, copy));
  const row = await rebuildRun(db, services.vault, lookup, runId);
  expect(row.rejectedEventIds).toHaveLength(1);
  expect(row.state.value).toBe('screening');

  renderWith(<RunPage id={runId} />, services, `/run/${runId}`);
  await screen.findByText(/need review/);
  const move = await screen.findByText(/tech-b · tablet 0b0b0b0b · Next/);
  expect(move.closest('[data-review]')).not.toBeNull();

  renderWith(<WorklistItem row={row} now={services.clock.now} lookup={lookup} />, services);
  expect(screen.getByText('Needs review')).toBeTruthy();
});
