// Screenshots of the admin console (issue 15 item 6) against the real server: users, tablets with an
// enrolment code and its QR code, site settings, the hospital link.
// Run: npm run build && npx tsx test/e2e/admin-screenshots.ts [outDir]
import { enrolWithFirstAdmin, goUnlocked, openShotSession } from './shot-session';

const { store, url, page, both, run } = await openShotSession(process.argv[2] ?? '/tmp/scancard-shots/admin', {
  fullPage: true,
});
await run(async () => {
  await enrolWithFirstAdmin(page, store, url);
  await goUnlocked(page, `${url}/admin`, page.getByRole('heading', { name: 'Users' }));
  for (const [username, name, role] of [
    ['li.wei', 'Li Wei', 'Technologist'],
    ['amina', 'Amina Haddad', 'Trainer'],
    ['okafor', 'Dr Okafor', 'QA lead'],
  ] as const) {
    await page.getByLabel('User name (to sign in)').fill(username);
    await page.getByLabel('Name shown').fill(name);
    await page.getByLabel('Role').last().selectOption({ label: role });
    await page.getByLabel('First PIN or password').fill('hospital-pass-4');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByText(`${name} was added.`).waitFor();
  }
  await both('admin-users');

  await page.getByRole('tab', { name: 'Tablets' }).click();
  await page.getByLabel('Where the tablet will be used').fill('MRI 2 console');
  await page.getByRole('button', { name: 'Make an enrolment code' }).click();
  await page.locator('img[alt^="QR code"]').waitFor();
  await both('admin-tablets');

  await page.getByRole('tab', { name: 'Site settings' }).click();
  await page.getByRole('button', { name: 'Save settings' }).waitFor();
  await both('admin-settings');

  await page.getByRole('tab', { name: 'Hospital link' }).click();
  await page.getByRole('button', { name: 'Save endpoints' }).waitFor();
  await both('admin-integration');
});
