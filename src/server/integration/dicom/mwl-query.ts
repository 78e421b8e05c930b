// What ScanCard asks a RIS worklist server (Modality Worklist C-FIND, PS3.4 K.6) and how the query is
// checked before anything goes on the wire. Matching keys sit in the Scheduled Procedure Step item;
// the other attributes are empty return keys, so the SCP sends them back filled in.
import { isCalendarDate, type IntakeProblem } from '../scheduled-procedure';

export type WorklistEndpoint = {
  readonly host: string;
  readonly port: number;
  /** ScanCard's own AE title, as the RIS knows it. */
  readonly callingAeTitle: string;
  /** The worklist server's AE title. */
  readonly calledAeTitle: string;
  /** Whole query (connect, associate, all answers); default 10 s. */
  readonly timeoutMs?: number;
};

export type WorklistFilter = {
  /** Scheduled step start date or range (yyyy-mm-dd, both ends included); none = any day. */
  readonly date?: { readonly from: string; readonly to?: string };
  readonly modality?: string;
  /** The scanner's AE title (Scheduled Station AE Title). */
  readonly stationAeTitle?: string;
};

export type WorklistQuery = WorklistEndpoint & WorklistFilter;

export const DEFAULT_WORKLIST_TIMEOUT_MS = 10_000;

// AE: 1–16 characters of the default repertoire, no backslash or control characters (PS3.5 6.2).
const AE = /^[\x20-\x5b\x5d-\x7e]{1,16}$/;
const MODALITY = /^[A-Z0-9_ ]{1,16}$/;

/** Every problem with a query, naming the field; empty when it may be sent. */
export function worklistQueryProblems(q: WorklistQuery): IntakeProblem[] {
  const problems: IntakeProblem[] = [];
  const ae = (field: string, v: string | undefined) => {
    if (v !== undefined && (!AE.test(v) || !v.trim()))
      problems.push({ field, problem: 'must be 1–16 printable ASCII characters without "\\"' });
  };
  if (!q.host.trim()) problems.push({ field: 'host', problem: 'is required' });
  if (!Number.isInteger(q.port) || q.port < 1 || q.port > 65535)
    problems.push({ field: 'port', problem: 'must be a whole number from 1 to 65535' });
  ae('callingAeTitle', q.callingAeTitle);
  ae('calledAeTitle', q.calledAeTitle);
  ae('stationAeTitle', q.stationAeTitle);
  if (q.modality !== undefined && !MODALITY.test(q.modality))
    problems.push({ field: 'modality', problem: 'must be a DICOM modality code such as "CT" or "MR"' });
  if (q.date) {
    if (!isCalendarDate(q.date.from)) problems.push({ field: 'date.from', problem: 'must be a date (yyyy-mm-dd)' });
    if (q.date.to !== undefined && !isCalendarDate(q.date.to))
      problems.push({ field: 'date.to', problem: 'must be a date (yyyy-mm-dd)' });
    else if (q.date.to !== undefined && q.date.to < q.date.from)
      problems.push({ field: 'date.to', problem: 'must not be before date.from' });
  }
  if (q.timeoutMs !== undefined && (!Number.isFinite(q.timeoutMs) || q.timeoutMs < 100))
    problems.push({ field: 'timeoutMs', problem: 'must be at least 100 ms' });
  return problems;
}

const da = (iso: string) => iso.replaceAll('-', '');

/** The C-FIND identifier, in dcmjs' naturalized form (keywords as keys; "" = return key). */
export function worklistIdentifier(f: WorklistFilter): Record<string, unknown> {
  const date = f.date
    ? f.date.to && f.date.to !== f.date.from
      ? `${da(f.date.from)}-${da(f.date.to)}`
      : da(f.date.from)
    : '';
  return {
    PatientID: '',
    IssuerOfPatientID: '',
    PatientName: '',
    PatientBirthDate: '',
    PatientSex: '',
    AccessionNumber: '',
    StudyInstanceUID: '',
    RequestedProcedureID: '',
    RequestedProcedureDescription: '',
    RequestedProcedurePriority: '',
    RequestedProcedureCodeSequence: [{ CodeValue: '', CodingSchemeDesignator: '', CodeMeaning: '' }],
    ScheduledProcedureStepSequence: [
      {
        ScheduledStationAETitle: f.stationAeTitle ?? '',
        ScheduledProcedureStepStartDate: date,
        ScheduledProcedureStepStartTime: '',
        Modality: f.modality ?? '',
        ScheduledProcedureStepDescription: '',
        ScheduledProcedureStepID: '',
      },
    ],
  };
}
