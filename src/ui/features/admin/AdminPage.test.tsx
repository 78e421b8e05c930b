// The admin console against a fake server answering as the real routes do: loading, empty and error
// states, field messages beside the field, the local lock-out counter cleared with the server's, a
// revoke that asks first, the enrolment code as text and QR, and no console for anyone else.
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderWith, testAccount, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { AuthApiError } from '../../../auth/auth-api';
import { attempts, recordFailure } from '../../../db/keyring.repo';
import AdminPage from './AdminPage';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

/** The element once it is drawn (waitFor retries only on a throw). */
const shown = (selector: string) =>
  waitFor(() => {
    const e = document.querySelector<HTMLElement>(selector);
    if (!e) throw new Error(`${selector} not drawn yet`);
    return e;
  });

type Call = { method: string; path: string; body?: unknown };
function fakeServer(answers: Record<string, unknown>, refuse: Record<string, AuthApiError> = {}) {
  const calls: Call[] = [];
  const answer = async (method: string, path: string, body?: unknown) => {
    calls.push({ method, path, body });
    const key = `${method} ${path}`;
    if (refuse[key]) throw refuse[key];
    if (!(key in answers)) throw new AuthApiError(404, 'not found');
    return answers[key];
  };
  const account = testAccount({
    role: 'admin',
    fetchJson: <T,>(path: string) => answer('GET', path) as Promise<T>,
    sendJson: <T,>(method: string, path: string, body?: unknown) => answer(method, path, body) as Promise<T>,
  });
  return { calls, account };
}

const wang = {
  id: 'u1',
  username: 'Wang',
  displayName: 'Wang Li',
  role: 'technologist',
  active: true,
  failures: 8,
  lockedUntil: Date.UTC(2026, 10, 23, 9, 30),
};

describe('AdminPage', { timeout: 20_000 }, () => {
  it('is closed to anyone but an administrator', async () => {
    renderWith(<AdminPage />, testServices({ account: testAccount({ role: 'qaLead' }) }));
    expect((await screen.findByRole('alert')).textContent).toContain('Only an administrator');
  });

  it('shows loading, then the reason when the server fails, and loads on retry', async () => {
    let fail = true;
    const { account } = fakeServer({});
    const services = testServices({
      account: {
        ...account,
        fetchJson: async <T,>() => {
          if (fail) throw new AuthApiError(500, 'internal error');
          return { users: [] } as T;
        },
      },
    });
    renderWith(<AdminPage />, services);
    expect(await screen.findByText('internal error')).toBeTruthy();
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No users yet.')).toBeTruthy();
  });

  it("releases a lock-out on the server and this tablet's own counter", async () => {
    const { calls, account } = fakeServer({
      'GET /api/admin/users': { users: [wang] },
      'POST /api/admin/users/u1/unlock': { user: { ...wang, lockedUntil: null, failures: 0 } },
    });
    const services = testServices({ account });
    for (let i = 0; i < 8; i++) await recordFailure(services.db, 'wang', services.now());
    renderWith(<AdminPage />, services);
    const row = await shown('[data-user="Wang"]');
    expect(row.textContent).toContain('Locked out until');
    fireEvent.click(within(row).getByRole('button', { name: 'Release lock-out' }));
    expect(await screen.findByText("Wang Li's lock-out was released on the server and on this tablet.")).toBeTruthy();
    expect(calls).toContainEqual({ method: 'POST', path: '/api/admin/users/u1/unlock', body: undefined });
    expect(await attempts(services.db, 'wang')).toEqual({ failures: 0, lastFailureAt: 0 });
  });

  it("resets a PIN and shows the server's refusal in words", async () => {
    const { calls, account } = fakeServer(
      { 'GET /api/admin/users': { users: [wang] } },
      {
        'POST /api/admin/users/u1/secret': new AuthApiError(
          400,
          'invalid PIN/password reset',
          undefined,
          undefined,
          undefined,
          ['secret: is too easy to guess'],
        ),
      },
    );
    renderWith(<AdminPage />, testServices({ account }));
    const row = await shown('[data-user="Wang"]');
    fireEvent.click(within(row).getByRole('button', { name: 'Reset PIN' }));
    fireEvent.change(within(row).getByLabelText('New PIN or password'), { target: { value: '123456' } });
    fireEvent.click(within(row).getByRole('button', { name: 'Save new PIN' }));
    expect(await within(row).findByText('secret: is too easy to guess')).toBeTruthy();
    expect(calls.at(-1)).toEqual({ method: 'POST', path: '/api/admin/users/u1/secret', body: { secret: '123456' } });
  });

  it('revokes a tablet only after a warning, and shows a new enrolment code as text and QR', async () => {
    const tablet = { id: 'd1', label: 'CT 1 console', enrolledAt: 1, revokedAt: null, lastPushAt: null, lastPullAt: 5 };
    const { calls, account } = fakeServer({
      'GET /api/admin/devices': { devices: [tablet] },
      'POST /api/admin/devices/d1/revoke': { revoked: 'd1' },
      'POST /api/admin/enrollment-codes': { code: 'ABCD-EFGH' },
    });
    renderWith(<AdminPage />, testServices({ account }));
    fireEvent.click(await screen.findByRole('tab', { name: 'Tablets' }));
    const row = await shown('[data-device="d1"]');
    fireEvent.click(within(row).getByRole('button', { name: 'Revoke…' }));
    expect(calls.some((c) => c.path.endsWith('/revoke'))).toBe(false);
    expect(within(row).getByText(/Revoking is final/)).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: 'Revoke for good' }));
    expect(await screen.findByText('CT 1 console was revoked.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Where the tablet will be used'), { target: { value: 'MRI 1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Make an enrolment code' }));
    expect((await shown('[data-enrolment-code]')).textContent).toBe('ABCD-EFGH');
    const qr = await screen.findByRole('img', { name: 'QR code of the enrolment code ABCD-EFGH' });
    expect(qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
  });

  it("puts the server's message beside the site setting it names", async () => {
    const settings = {
      timerMinutes: { warmupCt: 3, warmupMr: 10, emergencyResponse: 5, contrastObservation: 30, reportHandoff: 15 },
      idleLockSeconds: 120,
    };
    const { calls, account } = fakeServer(
      { 'GET /api/admin/site-settings': { settings, defaults: settings, updatedAt: null } },
      {
        'PUT /api/admin/site-settings': new AuthApiError(
          400,
          'invalid site settings',
          undefined,
          undefined,
          undefined,
          ['timerMinutes.warmupCt: must be whole minutes from 1 to 30'],
        ),
      },
    );
    renderWith(<AdminPage />, testServices({ account }));
    fireEvent.click(await screen.findByRole('tab', { name: 'Site settings' }));
    const ct = await screen.findByRole('spinbutton', { name: /^CT scanner warm-up/ });
    fireEvent.change(ct, { target: { value: '300' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    const field = ct.closest('label')!;
    expect(await within(field).findByText('must be whole minutes from 1 to 30')).toBeTruthy();
    expect(ct.getAttribute('aria-invalid')).toBe('true');
    expect(calls.at(-1)?.body).toMatchObject({ timerMinutes: { warmupCt: 300, warmupMr: 10 }, idleLockSeconds: 120 });
  });
  it("sends the site time zone and the sign-off rule, and shows the server's word beside the zone", async () => {
    const settings = {
      timerMinutes: { warmupCt: 3, warmupMr: 10, emergencyResponse: 5, contrastObservation: 30, reportHandoff: 15 },
      idleLockSeconds: 120,
      timeZone: 'Europe/Berlin',
      blockUnsignedCards: false,
    };
    const { calls, account } = fakeServer(
      { 'GET /api/admin/site-settings': { settings, defaults: settings, updatedAt: null } },
      {
        'PUT /api/admin/site-settings': new AuthApiError(
          400,
          'invalid site settings',
          undefined,
          undefined,
          undefined,
          ['timeZone: must be a time zone name such as Europe/Berlin'],
        ),
      },
    );
    renderWith(<AdminPage />, testServices({ account }));
    fireEvent.click(await screen.findByRole('tab', { name: 'Site settings' }));
    const zone = await screen.findByRole('combobox', { name: /^Site time zone/ });
    expect((zone as HTMLInputElement).value).toBe('Europe/Berlin');
    fireEvent.change(zone, { target: { value: 'Asia/Shangai' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /^Refuse an exam start/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(
      await within(zone.closest('label')!).findByText('must be a time zone name such as Europe/Berlin'),
    ).toBeTruthy();
    expect(calls.at(-1)?.body).toMatchObject({
      timeZone: 'Asia/Shangai',
      blockUnsignedCards: true,
      idleLockSeconds: 120,
    });
  });
});
