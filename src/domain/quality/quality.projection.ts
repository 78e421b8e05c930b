// The quality read model: every quality event folded, in log order, into the register, QC results
// with their reviews, the service log, overrides, image QC and adverse-event cases. The same pure
// function runs on the tablet (over what it holds) and on the server (over the whole log), so both
// show the same records. Moves a person's role does not allow are kept out and listed as problems.
import type { AdverseReport, AdverseStatus, Amendment, StatusChange } from '../quality/adverse-event';
import { currentReport, moveReport } from '../quality/adverse-event';
import type { EventMeta } from '../run/run.event';
import type { Scanner } from '../scanners/scanner';
import type { EquipmentRegistered, ReturnApproved, ServiceEntryPayload } from '../events/equipment.events';
import type { ImageQcPayload, OverridePayload, ResultPayload, TestSetPayload } from '../events/qc.events';
import type { AmendedPayload, StatusChangedPayload } from '../events/adverse.events';
import { statusProblem, type Equipment, type EquipmentStatus } from './equipment';
import { resultPassed } from './qc-result';
import { defaultTestSets, type QcTestSet } from './qc-sets';
import type { ImageQcRecord } from './reject-rate';
import type { RejectReason } from './reject-reasons';

export type QualityEvent = EventMeta & { readonly type: string; readonly payload: unknown };
type Stamp = { readonly id: string; readonly at: number; readonly user: string };

export type QcResultRecord = ResultPayload & Stamp & { readonly reviewed?: Stamp & { readonly note: string } };
export type ServiceRecord = ServiceEntryPayload & Stamp & { readonly approved?: Stamp & ReturnApproved };
export type OverrideRecord = OverridePayload & Stamp;
export type AdverseCase = {
  readonly reportId: string;
  readonly original: AdverseReport;
  readonly current: AdverseReport;
  readonly reportedAt: number;
  readonly reportedBy: string;
  readonly amendments: readonly Amendment[];
  readonly history: readonly StatusChange[];
  readonly status: AdverseStatus;
};

export type QualityState = {
  readonly equipment: ReadonlyMap<string, Equipment>;
  /** Per scanner, the newest version of each test set (the defaults until the site records its own). */
  readonly testSets: ReadonlyMap<string, readonly QcTestSet[]>;
  readonly results: readonly QcResultRecord[];
  readonly service: readonly ServiceRecord[];
  readonly overrides: readonly OverrideRecord[];
  readonly imageQc: readonly ImageQcRecord[];
  readonly adverse: readonly AdverseCase[];
  readonly problems: readonly { readonly eventId: string; readonly problem: string }[];
};

export type QualityRoles = {
  /** May review QC, approve a return to service and move adverse-event reports (QA lead). */
  mayReview(user: string): boolean;
  /** May edit the register and test sets (admin). */
  mayManage(user: string): boolean;
};

/** Scanners in use before the register existed: in service and accepted, until registered. */
function legacy(scanners: readonly Scanner[]): Map<string, Equipment> {
  return new Map(
    scanners.map((s) => [
      s.id,
      {
        scannerId: s.id,
        name: s.label,
        modality: s.modality,
        room: '',
        vendor: '',
        model: '',
        serial: '',
        commissionedOn: '',
        status: 'inService',
        statusAt: 0,
        registeredAt: 0,
        acceptedAt: 0,
      },
    ]),
  );
}

export function projectQuality(
  events: readonly QualityEvent[],
  roles: QualityRoles,
  legacyScanners: readonly Scanner[] = [],
): QualityState {
  const equipment = legacy(legacyScanners);
  const sets = new Map<string, Map<string, QcTestSet>>();
  const results: QcResultRecord[] = [];
  const service: ServiceRecord[] = [];
  const overrides: OverrideRecord[] = [];
  const imageQc: ImageQcRecord[] = [];
  const adverse = new Map<string, AdverseCase>();
  const problems: { eventId: string; problem: string }[] = [];
  const refuse = (e: QualityEvent, problem: string) => problems.push({ eventId: e.id, problem });
  const setStatus = (
    e: QualityEvent,
    id: string,
    status: EquipmentStatus,
    reason: string,
    extra: Partial<Equipment> = {},
  ) => {
    const eq = equipment.get(id);
    const history = [...(eq?.statusHistory ?? []), { at: e.at, user: e.user, status, reason }];
    if (eq)
      equipment.set(id, { ...eq, ...extra, status, statusReason: reason, statusAt: e.at, statusHistory: history });
  };

  for (const e of events) {
    const stamp: Stamp = { id: e.id, at: e.at, user: e.user };
    switch (e.type) {
      case 'equipment.registered': {
        const p = e.payload as EquipmentRegistered;
        if (!roles.mayManage(e.user)) refuse(e, 'only an administrator may register equipment');
        else if (equipment.has(p.scannerId) && equipment.get(p.scannerId)!.registeredAt > 0)
          equipment.set(p.scannerId, { ...equipment.get(p.scannerId)!, ...p });
        else
          equipment.set(p.scannerId, {
            ...p,
            status: 'outOfService',
            statusReason: 'awaiting acceptance test',
            statusAt: e.at,
            statusHistory: [{ at: e.at, user: e.user, status: 'outOfService', reason: 'awaiting acceptance test' }],
            registeredAt: e.at,
          });
        break;
      }
      case 'equipment.statusSet': {
        const p = e.payload as { scannerId: string; status: EquipmentStatus; reason: string };
        const eq = equipment.get(p.scannerId);
        const problem = !roles.mayManage(e.user)
          ? 'only an administrator may change a scanner status'
          : !eq
            ? `unknown scanner ${p.scannerId}`
            : statusProblem(eq, p.status);
        if (problem) refuse(e, problem);
        else setStatus(e, p.scannerId, p.status, p.reason);
        break;
      }
      case 'qc.testSetDefined': {
        const { scannerId, ...set } = e.payload as TestSetPayload;
        if (!roles.mayManage(e.user) && !roles.mayReview(e.user)) {
          refuse(e, 'only a QA lead or administrator may define QC tests');
          break;
        }
        const forScanner = sets.get(scannerId) ?? new Map<string, QcTestSet>();
        const old = forScanner.get(set.setId);
        if (!old || set.version > old.version) forScanner.set(set.setId, set);
        sets.set(scannerId, forScanner);
        break;
      }
      case 'qc.resultRecorded': {
        const p = e.payload as ResultPayload;
        results.push({ ...p, ...stamp });
        const eq = equipment.get(p.scannerId);
        if (!eq || !resultPassed(p)) break;
        if (p.purpose === 'acceptance' && eq.acceptedAt === undefined)
          setStatus(e, p.scannerId, 'inService', 'acceptance test passed', { acceptedAt: e.at });
        break;
      }
      case 'qc.resultReviewed': {
        const p = e.payload as { resultId: string; note: string };
        const i = results.findIndex((r) => r.resultId === p.resultId);
        if (!roles.mayReview(e.user)) refuse(e, 'only a QA lead may review QC results');
        else if (i < 0) refuse(e, 'review of a result this log does not hold');
        else results[i] = { ...results[i]!, reviewed: { ...stamp, note: p.note } };
        break;
      }
      case 'service.entryRecorded': {
        const p = e.payload as ServiceEntryPayload;
        service.push({ ...p, ...stamp });
        if (p.kind === 'repair' && equipment.has(p.scannerId))
          setStatus(e, p.scannerId, 'outOfService', `repair: ${p.workDone}`, { awaitingReturn: p.entryId });
        break;
      }
      case 'service.returnApproved': {
        const p = e.payload as ReturnApproved;
        const entry = service.findIndex((s) => s.entryId === p.entryId);
        const rts = results.find((r) => r.resultId === p.resultId);
        const problem = !roles.mayReview(e.user)
          ? 'only a QA lead may approve a return to service'
          : entry < 0
            ? 'approval of a repair this log does not hold'
            : !rts || rts.purpose !== 'returnToService' || rts.scannerId !== p.scannerId || !resultPassed(rts)
              ? 'a return to service needs a passed return-to-service QC of this scanner'
              : rts.at < service[entry]!.at
                ? 'the return-to-service QC must come after the repair'
                : undefined;
        if (problem) {
          refuse(e, problem);
          break;
        }
        service[entry] = { ...service[entry]!, approved: { ...stamp, ...p } };
        const eq = equipment.get(p.scannerId);
        if (eq?.awaitingReturn === p.entryId)
          setStatus(e, p.scannerId, 'inService', 'returned to service after repair', { awaitingReturn: undefined });
        break;
      }
      case 'scanner.overrideRecorded':
        overrides.push({ ...(e.payload as OverridePayload), ...stamp });
        break;
      case 'imageQc.recorded': {
        const { recordId, reason, ...p } = e.payload as ImageQcPayload;
        imageQc.push({
          ...p,
          id: recordId,
          at: e.at,
          technologist: e.user,
          ...(reason && { reason: reason as RejectReason }),
        });
        break;
      }
      case 'adverse.reported': {
        const p = e.payload as AdverseReport;
        if (adverse.has(p.reportId)) break;
        adverse.set(p.reportId, {
          reportId: p.reportId,
          original: p,
          current: p,
          reportedAt: e.at,
          reportedBy: e.user,
          amendments: [],
          history: [],
          status: 'reported',
        });
        break;
      }
      case 'adverse.amended': {
        const p = e.payload as AmendedPayload;
        const c = adverse.get(p.reportId);
        if (!c) {
          refuse(e, 'amendment of a report this log does not hold');
          break;
        }
        const amendments = [...c.amendments, { at: e.at, user: e.user, changes: p.changes, note: p.note }];
        adverse.set(p.reportId, { ...c, amendments, current: currentReport(c.original, amendments) });
        break;
      }
      case 'adverse.statusChanged': {
        const p = e.payload as StatusChangedPayload;
        const c = adverse.get(p.reportId);
        if (!c) {
          refuse(e, 'status change of a report this log does not hold');
          break;
        }
        const move = p.status === 'closed' ? 'close' : c.status === 'closed' ? 'reopen' : 'startReview';
        const r = moveReport(c.status, move, roles.mayReview(e.user));
        if (!r.ok) refuse(e, r.problem);
        else
          adverse.set(p.reportId, {
            ...c,
            status: r.status,
            history: [...c.history, { at: e.at, user: e.user, status: r.status, ...(p.note && { note: p.note }) }],
          });
        break;
      }
    }
  }

  const testSets = new Map<string, QcTestSet[]>();
  for (const [id, eq] of equipment) {
    const own = sets.get(id) ?? new Map<string, QcTestSet>();
    const merged = defaultTestSets(eq.modality).map((d) => own.get(d.setId) ?? d);
    for (const [setId, s] of own) if (!merged.some((m) => m.setId === setId)) merged.push(s);
    testSets.set(id, merged);
  }
  return { equipment, testSets, results, service, overrides, imageQc, adverse: [...adverse.values()], problems };
}
