// Screenshots of the hospital link on the tablet (issue 16) against the real server: the bookings on
// the worklist (one unmapped), the new-exam form filled in from a booking, the identity check
// finding a mismatch, the completed run's record with the EMR's acknowledgement (a real receiver,
// refusing the first try), the worklist's hand-off clocks, the QA list of identity mismatches and the
// admin's integration status. Bookings go in through the server's own intake (as from the RIS worklist).
// Run: npm run build && npx tsx test/e2e/integration-screenshots.ts [outDir]
import { startIntegrationTimers } from '../../src/server/integration/background';
import { loadFhirDefinitions } from '../../src/server/integration/fhir/validator';
import { storeBookings } from '../../src/server/integration/intake.service';
import { emrSettings } from '../server/integration/booked-run';
import { startReceiver } from '../server/integration/fhir-receiver';
import { scancard } from './scancard.page';
import type { ScheduledProcedure } from '../../src/server/integration/scheduled-procedure';
import { enrolWithFirstAdmin, goUnlocked, openShotSession } from './shot-session';

// Not full-page: the run's sticky Back/Next bar would be drawn over the middle of a full-page picture.
const { store, url, page, both, run } = await openShotSession(process.argv[2] ?? '/tmp/scancard-shots/integ');
const today = new Date().toISOString().slice(0, 10);
const proc = (o: Partial<ScheduledProcedure> & Pick<ScheduledProcedure, 'accessionNumber'>): ScheduledProcedure => ({
  source: 'dicom-mwl',
  patient: {
    id: 'MRN-778812',
    name: { text: '张伟', family: '张', given: '伟' },
    birthDate: '1961-02-03',
    sex: 'male',
  },
  requestedProcedure: { code: 'CTCHEST', system: 'L', meaning: 'CT chest without contrast' },
  scheduledStart: `${today}T10:30:00`,
  modality: 'CT',
  warnings: [],
  ...o,
});
loadFhirDefinitions();
const receiver = await startReceiver(['500']);
const timers = startIntegrationTimers(store, { now: Date.now, drainEveryMs: 300, log: console.warn });
await run(async () => {
  await store.saveIntegrationSettings(
    { emr: emrSettings(receiver.url), emrSince: Date.now() - 60_000 },
    null,
    Date.now(),
  );
  await store.saveCardMapping([{ code: 'CTCHEST', cardId: 'chest-ct' }]);
  await storeBookings(
    store,
    {
      procedures: [
        proc({ accessionNumber: 'ACC-2026-0042' }),
        proc({
          accessionNumber: 'ACC-2026-0043',
          patient: { id: 'MRN-90017', name: { text: 'Amina Haddad' }, birthDate: '1984-07-19', sex: 'female' },
          requestedProcedure: { code: 'CTSINUS', system: 'L', meaning: 'CT sinuses' },
          scheduledStart: `${today}T11:15:00`,
          priority: 'urgent',
        }),
      ],
      skipped: [],
    },
    { now: Date.now(), scanner: 'CT 1' },
  );
  await enrolWithFirstAdmin(page, store, url);
  await goUnlocked(page, url, page.locator('[data-booking]').first());
  await both('scheduled-list');

  await page.locator('[data-booking]').first().getByRole('link', { name: 'Start' }).click();
  await page.locator('[data-from-booking]').waitFor();
  await page.waitForTimeout(500);
  await both('new-run-from-booking');
  await page.getByRole('button', { name: /^Start/ }).click();
  await page.locator('[data-identity-check]').waitFor();
  await page.getByLabel('Patient ID on the ID band').fill('MRN-778812');
  await page.getByLabel('Date of birth the patient gives').fill('1961-03-02');
  await page.getByRole('button', { name: 'Compare with the booking' }).click();
  await page.locator('[data-mismatch]').waitFor();
  await page.locator('[data-identity-check]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await both('identity-mismatch');

  // The rest of the card, then the record with the EMR's acknowledgement.
  const app = scancard(page);
  await app.tick(/Two identifiers/);
  await app.tick(/Exam request matches/);
  await app.next();
  await app.choose(/pregnant/, 'Not applicable');
  await app.next();
  await app.tick(/Metal removed/);
  await app.tick(/Procedure explained/);
  await app.next();
  await app.tick(/Supine/);
  await app.tick(/Centred/);
  await app.next();
  await app.tick(/Breath-hold practised/);
  await app.next();
  await app.choose(/Protocol/, 'Routine chest');
  await app.tick(/Scan acquired/);
  await app.next();
  await app.tick(/Full coverage/);
  await app.choose(/Motion artefact/, 'No');
  await app.tick(/reconstructions/);
  await app.imageQc('Accepted', '380');
  await app.next();
  await app.type(/Body part examined/, 'Chest');
  await app.tick(/Images sent/);
  await app.next();
  const handoff = page.locator('[data-handoff="acknowledged"]');
  await handoff.waitFor({ timeout: 90_000 });
  await handoff.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await both('handoff-acknowledged');

  await page.getByRole('link', { name: 'Worklist' }).first().click();
  await page.locator('[data-emr-handoffs]').waitFor({ timeout: 60_000 });
  await page.locator('[data-emr-handoffs]').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await both('worklist-emr-handoffs');

  await page.goto(`${url}/quality`);
  await goUnlocked(page, `${url}/quality`, page.getByRole('button', { name: 'Identity mismatches' }));
  await page.getByRole('button', { name: 'Identity mismatches' }).click();
  await page.locator('[data-mismatch-row]').first().waitFor();
  await both('qa-identity-mismatches');

  await goUnlocked(page, `${url}/admin`, page.getByRole('tab', { name: 'Hospital link' }));
  await page.getByRole('tab', { name: 'Hospital link' }).click();
  await page.locator('[data-outbox]').waitFor();
  await page.locator('#integration-status').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await both('integration-status');
});
timers.stop();
await receiver.stop();
