// Page model: what a technologist does, in words, so tests read like the SOP.
import type { Page } from 'playwright-core';

export type NewExam = {
  patientId: string;
  card: string;
  priority: 'Routine' | 'Urgent' | 'Emergency';
  scanner: string;
  age: string;
};

export function scancard(page: Page) {
  const next = page.getByRole('button', { name: /^(Next|Complete exam) →$/ });
  return {
    page,
    async newExam(e: NewExam) {
      await page.getByRole('link', { name: /New exam/ }).click();
      await page.getByRole('radio', { name: e.card }).check();
      await page.getByLabel('Patient ID *').fill(e.patientId);
      await page.getByLabel('Age (years)').fill(e.age);
      await page.getByRole('radio', { name: e.priority, exact: true }).check();
      await page.getByRole('radio', { name: e.scanner, exact: true }).check();
      await page.getByRole('button', { name: /^Start/ }).click();
      await page.locator('#step-title').waitFor();
    },
    stepId: () => page.locator('section[data-step]').getAttribute('data-step'),
    async waitForStep(id: string) {
      await page.locator(`section[data-step="${id}"]`).waitFor();
    },
    /** Tick a checklist item and wait until it is stored (drawn at once; "saving" until its event commits). */
    async tick(label: RegExp) {
      const box = page.getByRole('checkbox', { name: label });
      await box.click();
      await page.waitForFunction(storedChecked, await box.elementHandle());
    },
    async choose(group: RegExp | string, option: string) {
      const radio = page.getByRole('group', { name: group }).getByRole('radio', { name: option, exact: true });
      await radio.click();
      await page.waitForFunction(storedChecked, await radio.elementHandle());
    },
    async type(label: RegExp, text: string) {
      const input = page.getByLabel(label);
      await input.fill(text);
      await input.blur();
    },
    /** The image-QC decision on the image-QC step (Next waits for it). */
    async imageQc(outcome: 'Accepted' | 'Repeated' | 'Rejected', images: string) {
      const panel = page.locator('[data-image-qc]');
      await panel.getByRole('radio', { name: outcome }).check();
      await panel.getByLabel('Number of images *').fill(images);
      await panel.getByRole('button', { name: 'Record image QC' }).click();
      await panel.getByRole('list', { name: 'Recorded for this exam' }).waitFor();
    },
    async next() {
      await next.click({ timeout: 5_000 });
    },
    nextButton: next,
  };
}

const storedChecked = (el: Element | null) =>
  (el as HTMLInputElement).checked && !el!.closest('[data-item]')?.hasAttribute('data-saving');

/** "Turn to patient" in the run's header, then the same button in its language dialog. */
export async function turnToPatient(page: Page): Promise<void> {
  await page
    .locator('[data-run-header]')
    .getByRole('button', { name: /Turn to patient/ })
    .click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /Turn to patient/ })
    .click();
}

/** A header link: the main ones are in the bar, the rest behind "More" (src/app/nav-links.ts). */
export async function navTo(page: Page, name: string | RegExp): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Worklist', exact: true }).waitFor(); // the header is drawn
  const link = nav.getByRole('link', { name, exact: typeof name === 'string' });
  if (!(await link.isVisible())) await nav.getByRole('button', { name: 'More' }).click();
  await link.click();
}
