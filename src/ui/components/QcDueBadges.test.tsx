// QC due times follow the site's zone from the site settings, not the tablet's: a daily QC due by 08:00
// reads 08:00 (and due or overdue by the site's clock) on a tablet set to another zone.
import { configure, screen, waitFor } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderWith, testAccount, testServices } from '../../../test/setup/render';
import { initTestI18n } from '../../../test/setup/test-i18n';
import QualityPage from '../features/quality/QualityPage';
import { tabletTimeZone } from '../hooks/use-site-time-zone';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

// The test clock is 09:00 UTC: 17:00 in Shanghai (the 08:00 deadline has passed), 04:00 in New York (not yet).
const SITE = tabletTimeZone() === 'Asia/Shanghai' ? 'America/New_York' : 'Asia/Shanghai';
const EXPECTED = SITE === 'Asia/Shanghai' ? 'overdue' : 'due';

async function dailyBadge(site?: { timeZone: string }) {
  const services = testServices({ account: testAccount({ role: 'qaLead' }), ...(site && { site }) });
  renderWith(<QualityPage />, services, '/quality');
  await screen.findByRole('heading', { name: 'Scanners and QC schedule' });
  await waitFor(() => expect(document.querySelector('[data-scanner] [data-due]')).toBeTruthy());
  return document.querySelector<HTMLElement>('[data-due]')!;
}

describe('QC due badges', { timeout: 20_000 }, () => {
  it('show the due time and status in the site zone, not the tablet zone', async () => {
    const badge = await dailyBadge({ timeZone: SITE });
    expect(badge.textContent).toMatch(/^CT daily QC: (due|overdue) \(08:00/);
    expect(badge.getAttribute('data-due')).toBe(EXPECTED);
  });
});
