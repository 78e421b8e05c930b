// Issue 16 end to end, in real Chromium against the real server and real hospital parts: a CT booked
// in a worklist file served by dcmtk's wlmscpfs is read by the server's worklist query (on demand),
// appears on a technologist's tablet, is started from the booking (nothing retyped), checked at the
// identity step and walked to completion; the server's outbox sends the FHIR record to a real HTTP
// receiver that refuses the first try, the retry delivers it exactly once, and the run's record on
// the tablet shows the EMR's acknowledgement time with the hand-off clock stopped by it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { startIntegrationTimers, type IntegrationTimers } from '../../src/server/integration/background';
import { loadFhirDefinitions } from '../../src/server/integration/fhir/validator';
import { emrSettings } from '../server/integration/booked-run';
import { startReceiver, type Receiver } from '../server/integration/fhir-receiver';
import { startWorklistServer, type RunningScp } from '../server/integration/wlm-scp';
import { addUser, newProfile, openApp, startAppServer, type TestUser } from './harness';
import { scancard } from './scancard.page';

const ADMIN_TOKEN = 'e2e-bootstrap-admin-token-0123456789';
const TECH: TestUser = { username: 'tess', displayName: 'Tess Tech', role: 'technologist', secret: 'scan safely 2026' };
const d = new Date();
const TODAY = `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;

let scp: RunningScp;
let receiver: Receiver;
let server: Awaited<ReturnType<typeof startAppServer>>;
let timers: IntegrationTimers | undefined;
let profile: ReturnType<typeof newProfile>;
let context: BrowserContext;

beforeAll(async () => {
  loadFhirDefinitions();
  scp = await startWorklistServer({
    RIS_CT: [
      {
        accession: 'ACC-E2E-7',
        patientId: 'MRN-E2E-7',
        name: 'Wang^Fang=王^芳',
        birthDate: '19700315',
        sex: 'F',
        modality: 'CT',
        station: 'CT1',
        date: TODAY,
        time: '101500',
        code: { value: 'CTCHEST', scheme: 'L', meaning: 'CT chest without contrast' },
      },
    ],
  });
  receiver = await startReceiver(['500']);
  server = await startAppServer({ adminToken: ADMIN_TOKEN });
  await addUser(server.store, TECH);
  profile = newProfile();
  context = await profile.launch({ width: 1366, height: 1024 });
}, 120_000);
afterAll(async () => {
  timers?.stop();
  await context?.close().catch(() => undefined);
  profile?.remove();
  await server?.close();
  await receiver?.stop();
  await scp?.stop();
});

async function admin(method: 'PUT' | 'POST', path: string, body: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, `${method} ${path}`).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

it('worklist server → tablet → started from the booking → completed → FHIR to the EMR once → ack on the record', async () => {
  const step = (s: string) => console.warn(`[integration e2e] ${s} ${new Date().toISOString()}`);
  await admin('PUT', '/api/admin/integration/settings', {
    worklist: {
      intervalMs: 0, // on demand only: the test asks
      scanners: [
        {
          scanner: 'CT 1',
          host: '127.0.0.1',
          port: scp.port,
          callingAeTitle: 'SCANCARD',
          calledAeTitle: 'RIS_CT',
          stationAeTitle: 'CT1',
          modality: 'CT',
          timeoutMs: 5000,
        },
      ],
    },
    emr: emrSettings(receiver.url),
  });
  await admin('PUT', '/api/admin/integration/card-mappings', { rows: [{ code: 'CTCHEST', cardId: 'chest-ct' }] });
  const query = await admin('POST', '/api/admin/integration/worklist/query', {});
  expect(query.scanners).toEqual([expect.objectContaining({ scanner: 'CT 1', ok: true, received: 1, added: 1 })]);
  // The server's own outbox drain, as `npm start` runs it (quicker rounds for the test).
  timers = startIntegrationTimers(server.store, { now: Date.now, drainEveryMs: 300, log: (m) => console.warn(m) });
  step('booking on the server');

  const page = await openApp(context, server.url, server.store, TECH);
  const app = scancard(page);
  const booking = page.locator('[data-booking]').filter({ hasText: 'ACC-E2E-7' });
  await booking.waitFor({ timeout: 30_000 });
  expect(await booking.textContent()).toContain('王芳');
  await booking.locator('[data-card="chest-ct"]').waitFor();
  step('booking on the tablet');

  // Started from the booking: the form is filled in by it, nothing is typed.
  await booking.getByRole('link', { name: 'Start' }).click();
  await page.locator('[data-from-booking]').waitFor();
  await expect.poll(() => page.getByLabel('Patient ID *').inputValue()).toBe('MRN-E2E-7');
  expect(page.url()).not.toContain('ACC-E2E-7');
  expect(page.url()).not.toContain('MRN-E2E-7');
  await expect(page.getByRole('radio', { name: 'Chest CT (non-contrast) (v2)' }).isChecked()).resolves.toBe(true);
  await expect(page.getByRole('radio', { name: 'CT 1', exact: true }).isChecked()).resolves.toBe(true);
  await page.getByRole('button', { name: /^Start/ }).click();
  await app.waitForStep('identity');

  // The identity step checks the ID band against the booking.
  const check = page.locator('[data-identity-check]');
  await check.getByLabel('Patient ID on the ID band').fill('MRN-E2E-7');
  await check.getByLabel('Date of birth the patient gives').fill('1970-03-15');
  await check.getByRole('button', { name: 'Compare with the booking' }).click();
  await check.locator('[data-identity-match]').waitFor();
  await app.tick(/Two identifiers/);
  await app.tick(/Exam request matches/);
  await app.next();
  await app.waitForStep('screening');
  await app.choose(/pregnant/, 'Not applicable');
  await app.next();
  await app.waitForStep('preparation');
  await app.tick(/Metal removed/);
  await app.tick(/Procedure explained/);
  await app.next();
  await app.waitForStep('positioning');
  await app.tick(/Supine/);
  await app.tick(/Centred/);
  await app.next();
  await app.waitForStep('breathHold');
  await app.tick(/Breath-hold practised/);
  await app.next();
  await app.waitForStep('scan');
  await app.choose(/Protocol/, 'Routine chest');
  await app.tick(/Scan acquired/);
  await app.next();
  await app.waitForStep('imageQc');
  await app.tick(/Full coverage/);
  await app.choose(/Motion artefact/, 'No');
  await app.tick(/reconstructions/);
  await app.imageQc('Accepted', '380');
  await app.next();
  await app.waitForStep('send');
  await app.type(/Body part examined/, 'Chest');
  await app.tick(/Images sent/);
  await app.next();
  await page.getByRole('region', { name: 'Exam record', exact: true }).waitFor();
  step('run completed');

  // The push reaches the server; its outbox sends the record: refused once, then delivered once.
  await page.locator('[data-sync-state="idle"][data-pending="0"]').waitFor({ timeout: 60_000 });
  await expect.poll(() => receiver.stored.get('Procedure')?.length ?? 0, { timeout: 30_000 }).toBe(1);
  step('delivered');
  // The receiver stores before it answers: wait until the server has recorded the acknowledgement.
  await expect.poll(async () => (await server.store.outbox.recent(5))[0]?.state, { timeout: 30_000 }).toBe('delivered');
  const [entry] = await server.store.outbox.recent(5);
  expect(entry).toMatchObject({ state: 'delivered', attempts: 2 });
  expect(receiver.requests).toBe(2);
  expect(receiver.stored.get('ImagingStudy')?.[0]).toMatchObject({
    identifier: expect.arrayContaining([expect.objectContaining({ value: 'ACC-E2E-7' })]),
  });

  // The record on the tablet (asked again every 30 s): acknowledged at the EMR's time, the clock stopped by it.
  const handoff = page.locator('[data-handoff="acknowledged"]');
  await handoff.waitFor({ timeout: 75_000 });
  const ackAt = entry!.acknowledgedAt!;
  const time = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit' }).format(ackAt);
  expect(await handoff.textContent()).toContain(`acknowledged by the EMR at ${time}`);
  const clock = handoff.locator('[data-timer="reportHandoff"]');
  await expect(clock.getAttribute('data-level')).resolves.toBe('done');
  step('acknowledgement on the record');

  // Exactly once, however long the drain keeps running.
  await page.waitForTimeout(1500);
  expect(receiver.requests).toBe(2);
  expect(receiver.stored.get('Procedure')).toHaveLength(1);
}, 300_000);
