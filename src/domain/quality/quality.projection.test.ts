import { describe, expect, it } from 'vitest';
import { QUALITY_EVENT_TYPES } from '../events/registry';
import { evaluateResult } from './qc-result';
import { defaultTestSets, type QcPurpose } from './qc-sets';
import { projectQuality, type QualityEvent, type QualityRoles } from './quality.projection';
import { contrastWarnings, followUpsDue, qcDue, reviewQueue, scannerFlags } from './quality.status';

const TZ = 'Europe/Berlin';
const ROLES: Record<string, string> = { adm: 'admin', qa: 'qaLead', tech: 'technologist' };
const roles: QualityRoles = { mayReview: (u) => ROLES[u] === 'qaLead', mayManage: (u) => ROLES[u] === 'admin' };
const T0 = Date.UTC(2026, 10, 23, 6); // 07:00 in Berlin

function log() {
  const events: QualityEvent[] = [];
  let n = 0;
  const add = (type: string, payload: unknown, user = 'tech', at = T0 + n * 60_000) => {
    n++;
    const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    events.push({ id, streamId: 's', at, hlc: '', user, device: 'd', deviceSeq: n, type, payload });
    return id;
  };
  const qc = (scannerId: string, purpose: QcPurpose, waterHu: string, at?: number) => {
    const set = defaultTestSets('CT').find((s) => s.purpose === purpose)!;
    const inputs = {
      waterHu: { text: waterHu },
      noiseSd: { text: '5' },
      artefacts: { passed: true },
      vendorQc: { passed: true },
    };
    const r = evaluateResult(set, scannerId, `00000000-0000-4000-9000-${String(n + 1).padStart(12, '0')}`, inputs);
    if (!('result' in r)) throw new Error('bad inputs');
    add('qc.resultRecorded', r.result, 'tech', at);
    return r.result.resultId;
  };
  return { events, add, qc };
}

const CT3 = QUALITY_EVENT_TYPES.find((e) => e.type === 'equipment.registered')!.example;

describe('the quality projection', () => {
  it('a new scanner is in service only after its acceptance test passed', () => {
    const l = log();
    l.add('equipment.registered', CT3, 'tech'); // refused: not an admin
    expect(projectQuality(l.events, roles).equipment.has('ct-3')).toBe(false);
    l.add('equipment.registered', CT3, 'adm');
    l.add('equipment.statusSet', { scannerId: 'ct-3', status: 'inService', reason: 'in a hurry' }, 'adm');
    l.qc('ct-3', 'acceptance', '7'); // fails at action level
    let s = projectQuality(l.events, roles);
    expect(s.equipment.get('ct-3')).toMatchObject({ status: 'outOfService', statusReason: 'awaiting acceptance test' });
    expect(s.problems.map((p) => p.problem)).toEqual([
      'only an administrator may register equipment',
      'not in service before its acceptance test is completed and passed',
    ]);
    l.qc('ct-3', 'acceptance', '1');
    s = projectQuality(l.events, roles);
    expect(s.equipment.get('ct-3')).toMatchObject({ status: 'inService', acceptedAt: expect.any(Number) });
  });

  it('QC at action level flags the scanner; tolerance and action wait in the review queue', () => {
    const l = log();
    const bad = l.qc('ct-1', 'routine', '9');
    let s = projectQuality(l.events, roles, [{ id: 'ct-1', label: 'CT 1', modality: 'CT' }]);
    expect(scannerFlags(s, 'ct-1', T0 + 3600_000, TZ)).toEqual(['lastQcAction']);
    expect(reviewQueue(s).map((r) => r.resultId)).toEqual([bad]);
    l.add('qc.resultReviewed', { resultId: bad, scannerId: 'ct-1', note: 'fine' }, 'tech'); // not a QA lead
    l.add('qc.resultReviewed', { resultId: bad, scannerId: 'ct-1', note: 'Recalibrated' }, 'qa');
    l.qc('ct-1', 'routine', '4.5');
    s = projectQuality(l.events, roles, [{ id: 'ct-1', label: 'CT 1', modality: 'CT' }]);
    expect(scannerFlags(s, 'ct-1', T0 + 3600_000, TZ)).toEqual([]);
    expect(reviewQueue(s).map((r) => r.items[0]!.outcome)).toEqual(['tolerance']);
    expect(s.problems).toHaveLength(1);
  });

  it('no daily QC by 08:00 flags a scanner in the QC programme as overdue; due, then overdue, then done', () => {
    const l = log();
    const legacy = [{ id: 'ct-1', label: 'CT 1', modality: 'CT' as const }];
    const DAY = 24 * 3600_000;
    const none = projectQuality(l.events, roles, legacy);
    expect(qcDue(none, 'ct-1', T0 + 2 * 3600_000, TZ).map((d) => d.status)).toEqual(['overdue']);
    expect(scannerFlags(none, 'ct-1', T0 + 2 * 3600_000, TZ)).toEqual([]); // no QC ever recorded here: not gated
    l.qc('ct-1', 'routine', '0', T0 - DAY);
    const s = projectQuality(l.events, roles, legacy);
    expect(qcDue(s, 'ct-1', T0, TZ).map((d) => d.status)).toEqual(['due']);
    expect(scannerFlags(s, 'ct-1', T0, TZ)).toEqual([]);
    expect(scannerFlags(s, 'ct-1', T0 + 2 * 3600_000, TZ)).toEqual(['dailyQcOverdue']);
    l.qc('ct-1', 'routine', '0', T0 + 2 * 3600_000 + 60_000);
    const later = projectQuality(l.events, roles, legacy);
    expect(qcDue(later, 'ct-1', T0 + 3 * 3600_000, TZ).map((d) => d.status)).toEqual(['done']);
    expect(scannerFlags(later, 'ct-1', T0 + 3 * 3600_000, TZ)).toEqual([]);
  });

  it('a repair takes the scanner out of service until a return-to-service QC passes and a QA lead approves', () => {
    const l = log();
    const legacy = [{ id: 'ct-1', label: 'CT 1', modality: 'CT' as const }];
    const repair = QUALITY_EVENT_TYPES.find((e) => e.type === 'service.entryRecorded')!.example;
    l.add('service.entryRecorded', repair);
    expect(projectQuality(l.events, roles, legacy).equipment.get('ct-1')?.status).toBe('outOfService');
    const failed = l.qc('ct-1', 'returnToService', '8');
    l.add('service.returnApproved', { scannerId: 'ct-1', entryId: repair.entryId, resultId: failed, note: '' }, 'qa');
    const passed = l.qc('ct-1', 'returnToService', '1');
    l.add('service.returnApproved', { scannerId: 'ct-1', entryId: repair.entryId, resultId: passed, note: '' }, 'tech');
    l.add('equipment.statusSet', { scannerId: 'ct-1', status: 'inService', reason: 'vendor says ok' }, 'adm');
    let s = projectQuality(l.events, roles, legacy);
    expect(s.equipment.get('ct-1')?.status).toBe('outOfService');
    expect(s.problems.map((p) => p.problem)).toEqual([
      'a return to service needs a passed return-to-service QC of this scanner',
      'only a QA lead may approve a return to service',
      'after a repair, a return-to-service QC must pass and a QA lead approve it',
    ]);
    l.add('service.returnApproved', { scannerId: 'ct-1', entryId: repair.entryId, resultId: passed, note: 'ok' }, 'qa');
    s = projectQuality(l.events, roles, legacy);
    expect(s.equipment.get('ct-1')).toMatchObject({ status: 'inService', awaitingReturn: undefined });
    expect(s.service[0]?.approved).toMatchObject({ user: 'qa', resultId: passed });
  });

  it('a site test set replaces the default by version; old results keep their copy', () => {
    const l = log();
    const legacy = [{ id: 'ct-1', label: 'CT 1', modality: 'CT' as const }];
    l.qc('ct-1', 'routine', '4.5');
    const v2 = QUALITY_EVENT_TYPES.find((e) => e.type === 'qc.testSetDefined')!.example;
    l.add('qc.testSetDefined', v2, 'qa');
    const s = projectQuality(l.events, roles, legacy);
    const daily = s.testSets.get('ct-1')!.find((t) => t.setId === 'daily')!;
    expect([daily.version, daily.schedule.dueBy, daily.tests.length]).toEqual([2, '07:30', 2]);
    expect(s.results[0]).toMatchObject({ setVersion: 1, items: [{ tolerance: { tolerance: 4 } }, {}, {}, {}] });
  });

  it('adverse reports: amendments with who and when, review by QA leads only, follow-ups and contrast warnings', () => {
    const l = log();
    const reported = QUALITY_EVENT_TYPES.find((e) => e.type === 'adverse.reported')!.example;
    const extravasation = {
      ...reported,
      reportId: '00000000-0000-4000-a000-000000000001',
      kind: 'extravasation',
      patientId: 'P2',
      contrast: { site: 'Left antecubital', volumeMl: 40 },
    };
    l.add('adverse.reported', { ...reported, contrast: { ...reported.contrast, severity: 'mild' } });
    l.add('adverse.reported', extravasation);
    l.add('adverse.statusChanged', { reportId: reported.reportId, status: 'closed' }, 'tech');
    l.add(
      'adverse.amended',
      { reportId: reported.reportId, changes: { contrast: { severity: 'moderate' } }, note: 'Bronchospasm at 10 min' },
      'qa',
    );
    l.add('adverse.statusChanged', { reportId: reported.reportId, status: 'underReview' }, 'qa');
    l.add('adverse.statusChanged', { reportId: reported.reportId, status: 'closed', note: 'Done' }, 'qa');
    const s = projectQuality(l.events, roles);
    const c = s.adverse[0]!;
    expect(c.status).toBe('closed');
    expect(c.original.contrast?.severity).toBe('mild');
    expect(c.current.contrast?.severity).toBe('moderate');
    expect(c.amendments).toMatchObject([{ user: 'qa', note: 'Bronchospasm at 10 min' }]);
    expect(c.history.map((h) => [h.user, h.status])).toEqual([
      ['qa', 'underReview'],
      ['qa', 'closed'],
    ]);
    expect(s.problems.map((p) => p.problem)).toEqual(['only a QA lead may review or close an adverse-event report']);
    expect([...contrastWarnings(s).keys()]).toEqual([reported.patientId]);
    expect(
      followUpsDue(s, reported.occurredAt + 25 * 3600_000).map((f) => [f.case.current.patientId, f.overdue]),
    ).toEqual([['P2', true]]);
  });
});
