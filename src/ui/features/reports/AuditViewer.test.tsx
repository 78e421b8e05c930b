// Issue 11 item 6: the audit trail and the export read as a QA lead reads: names, exam types and
// local times, not UUIDs and epoch milliseconds.
import { configure, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRun, type SopLookup } from '../../../db/runs.repo';
import { BUILT_IN_SOPS } from '../../../sops/library';
import { formatDateTime } from '../../format';
import { renderWith, testAccount, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { AuditViewer } from './AuditViewer';

const lookup: SopLookup = (id, v) => BUILT_IN_SOPS.find((s) => s.id === id && s.version === v);
const CHEN = '58f4a04f-0000-4000-8000-000000000001';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

describe('AuditViewer', () => {
  it('shows who by name, what in words, which exam by card and scanner, when in local time', async () => {
    const services = testServices();
    await services.db.directory.put({
      id: CHEN,
      username: 'chen',
      displayName: 'Chen Yu',
      role: 'technologist',
      active: true,
    });
    const runId = await createRun(
      services.db,
      services.vault,
      lookup,
      {
        kind: 'exam',
        sop: { id: 'chest-ct', version: 2 },
        priority: 'routine',
        scanner: 'ct-1', // the id, as the new-exam form stores it: shown by its label
        timerRules: services.timerRules,
        patient: { patientId: 'P-1', sex: 'male', language: 'en', ageYears: 50 },
      },
      { user: CHEN, now: services.clock.now },
    );
    const at = services.clock.now + 60_000;
    const account = testAccount({
      role: 'qaLead',
      fetchJson: async <T,>() => ({ entries: [{ at, userId: CHEN, action: 'run.view', subject: runId }] }) as T,
    });
    renderWith(<AuditViewer />, { ...services, account });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Show' }));
    const row = (await screen.findAllByRole('row'))[1]!;
    const cells = within(row)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells[0]).toBe(formatDateTime(at));
    expect(cells[1]).toBe('Chen Yu');
    expect(cells[2]).toBe('Opened an exam');
    expect(cells[3]).toMatch(/^Chest CT \(non-contrast\) · CT 1 · /);
    expect(row.textContent).not.toContain(runId);
    expect(row.textContent).not.toContain(CHEN);
  });

  it('the action filter lists actions in words', () => {
    renderWith(<AuditViewer />, { ...testServices(), account: testAccount({ role: 'qaLead' }) });
    const options = [...screen.getByLabelText<HTMLSelectElement>('Action').options].map((o) => o.textContent);
    expect(options).toContain('Acknowledged an alarm');
    expect(options).not.toContain('alarm.ack');
  });
});
