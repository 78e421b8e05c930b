// Worklist answers (dcmjs' naturalized datasets) → ScheduledProcedure. Lenient at the edge: a bad
// optional value is dropped with a warning naming the attribute; an answer without Patient ID or
// Accession Number is skipped with the reason. Nothing here throws on malformed input.
import {
  isCalendarDate,
  sexFromCode,
  type IntakeProblem,
  type IntakeResult,
  type PersonName,
  type ScheduledProcedure,
  type SkippedBooking,
} from '../scheduled-procedure';
import { recoverIso2022 } from './charset';

type Item = Readonly<Record<string, unknown>>;

export function mapWorklistAnswers(answers: readonly Item[]): IntakeResult {
  const procedures: ScheduledProcedure[] = [];
  const skipped: SkippedBooking[] = [];
  answers.forEach((answer, index) => {
    const r = mapWorklistAnswer(answer);
    if ('procedure' in r) procedures.push(r.procedure);
    else skipped.push({ index, ...r });
  });
  return { procedures, skipped };
}

export function mapWorklistAnswer(
  ds: Item,
): { procedure: ScheduledProcedure } | { accessionNumber?: string; problems: IntakeProblem[] } {
  const warnings: IntakeProblem[] = [];
  const text = reader(warnings);
  const patientId = text(ds, 'PatientID');
  const accessionNumber = text(ds, 'AccessionNumber');
  if (!patientId || !accessionNumber) {
    const problems = [...warnings];
    if (!patientId)
      problems.push({ field: 'PatientID', problem: 'is missing: the booking cannot be matched to a patient' });
    if (!accessionNumber)
      problems.push({ field: 'AccessionNumber', problem: 'is missing: the exam record could not be sent back' });
    return accessionNumber ? { accessionNumber, problems } : { problems };
  }

  const sps = firstItem(ds, 'ScheduledProcedureStepSequence', warnings);
  if (!sps) warnings.push({ field: 'ScheduledProcedureStepSequence', problem: 'is missing or empty' });
  const rp = firstItem(ds, 'RequestedProcedureCodeSequence', warnings);
  const code = rp && text(rp, 'CodeValue', 'RequestedProcedureCodeSequence.CodeValue');
  if (!code)
    warnings.push({ field: 'RequestedProcedureCodeSequence', problem: 'has no code: choose the card by hand' });

  const sexCode = text(ds, 'PatientSex');
  const sex = sexFromCode(sexCode);
  if (sexCode && (!sex || sexCode.length > 1))
    warnings.push({ field: 'PatientSex', problem: `"${sexCode}" is not M, F or O` });

  const procedure: ScheduledProcedure = {
    source: 'dicom-mwl',
    patient: {
      id: patientId,
      issuer: text(ds, 'IssuerOfPatientID'),
      name: personName(ds['PatientName'], warnings),
      birthDate: dicomDate(text(ds, 'PatientBirthDate'), 'PatientBirthDate', warnings),
      sex: sexCode && sexCode.length === 1 ? (sex ?? 'unknown') : 'unknown',
    },
    accessionNumber,
    requestedProcedure: code
      ? {
          code,
          system: text(rp, 'CodingSchemeDesignator', 'RequestedProcedureCodeSequence.CodingSchemeDesignator'),
          meaning: text(rp, 'CodeMeaning', 'RequestedProcedureCodeSequence.CodeMeaning'),
        }
      : undefined,
    procedureDescription:
      text(ds, 'RequestedProcedureDescription') ?? (sps && text(sps, 'ScheduledProcedureStepDescription')),
    scheduledStart: sps && scheduledStart(sps, warnings, text),
    modality: sps && text(sps, 'Modality', 'ScheduledProcedureStepSequence.Modality'),
    stationAeTitle:
      sps && text(sps, 'ScheduledStationAETitle', 'ScheduledProcedureStepSequence.ScheduledStationAETitle'),
    studyInstanceUid: uid(text(ds, 'StudyInstanceUID'), warnings),
    priority: priority(text(ds, 'RequestedProcedurePriority')),
    sourceId: text(ds, 'RequestedProcedureID'),
    warnings,
  };
  return { procedure };
}

type Text = (item: Item | undefined, key: string, field?: string) => string | undefined;

/** Reads a text attribute: first value, padding trimmed, ISO 2022 escapes decoded; "" → undefined. */
function reader(warnings: IntakeProblem[]): Text {
  return (item, key, field = key) => {
    const raw = item?.[key];
    const v = Array.isArray(raw) ? raw[0] : raw;
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string' && typeof v !== 'number') {
      warnings.push({ field, problem: 'is not text' });
      return undefined;
    }
    const decoded = recoverIso2022(String(v));
    if ('problem' in decoded) {
      warnings.push({ field, problem: decoded.problem });
      return undefined;
    }
    return decoded.text.trim() || undefined;
  };
}

function firstItem(ds: Item, key: string, warnings: IntakeProblem[]): Item | undefined {
  const v = ds[key];
  if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return undefined;
  const first: unknown = Array.isArray(v) ? v[0] : v;
  if (typeof first !== 'object' || first === null) {
    warnings.push({ field: key, problem: 'is not a sequence' });
    return undefined;
  }
  return first as Item;
}

function dicomDate(v: string | undefined, field: string, warnings: IntakeProblem[]): string | undefined {
  if (v === undefined) return undefined;
  const iso = /^\d{8}$/.test(v) ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}` : '';
  if (isCalendarDate(iso)) return iso;
  warnings.push({ field, problem: `"${v}" is not a date (YYYYMMDD)` });
  return undefined;
}

function scheduledStart(sps: Item, warnings: IntakeProblem[], text: Text): string | undefined {
  const field = 'ScheduledProcedureStepSequence.ScheduledProcedureStepStartDate';
  const date = dicomDate(text(sps, 'ScheduledProcedureStepStartDate', field), field, warnings);
  if (!date) return undefined;
  const tm = text(
    sps,
    'ScheduledProcedureStepStartTime',
    'ScheduledProcedureStepSequence.ScheduledProcedureStepStartTime',
  );
  if (tm === undefined) return date;
  const m = /^([01]\d|2[0-3])(?::?([0-5]\d))?(?::?([0-5]\d|60))?(?:\.\d{1,6})?$/.exec(tm);
  if (!m) {
    warnings.push({
      field: 'ScheduledProcedureStepSequence.ScheduledProcedureStepStartTime',
      problem: `"${tm}" is not a time`,
    });
    return date;
  }
  return `${date}T${m[1]}:${m[2] ?? '00'}:${m[3] ?? '00'}`;
}

function uid(v: string | undefined, warnings: IntakeProblem[]): string | undefined {
  if (v === undefined) return undefined;
  if (/^(0|[1-9]\d*)(\.(0|[1-9]\d*))+$/.test(v) && v.length <= 64) return v;
  warnings.push({ field: 'StudyInstanceUID', problem: 'is not a valid UID' });
  return undefined;
}

function priority(v: string | undefined): ScheduledProcedure['priority'] {
  if (v === undefined) return undefined;
  const p = v.toUpperCase();
  return p === 'STAT' ? 'emergency' : p === 'HIGH' ? 'urgent' : 'routine';
}

const CJK = /[\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff]/;

/** PN "Family^Given^Middle^Prefix^Suffix", in up to three groups (alphabetic, ideographic, phonetic). */
function personName(raw: unknown, warnings: IntakeProblem[]): PersonName | undefined {
  const first: unknown = Array.isArray(raw) ? raw[0] : raw;
  const groups: unknown[] =
    typeof first === 'string'
      ? first.split('=')
      : typeof first === 'object' && first !== null
        ? ['Alphabetic', 'Ideographic', 'Phonetic'].map((k) => (first as Item)[k])
        : [];
  const forms: { family?: string; given?: string; text: string }[] = [];
  for (const g of groups) {
    if (typeof g !== 'string' || !g.trim()) continue;
    const decoded = recoverIso2022(g);
    if ('problem' in decoded) {
      warnings.push({ field: 'PatientName', problem: decoded.problem });
      continue;
    }
    const [family, given, middle] = decoded.text.split('^').map((s) => s.trim());
    const parts = [family, given, middle].filter((s): s is string => !!s);
    if (parts.length)
      forms.push({
        family: family || undefined,
        given: given || undefined,
        text: parts.join(CJK.test(decoded.text) ? '' : ' '),
      });
  }
  if (!forms.length) return undefined;
  const preferred = forms.find((f) => CJK.test(f.text)) ?? forms[0]!;
  const alternates = forms.filter((f) => f !== preferred).map((f) => f.text);
  return { ...preferred, ...(alternates.length ? { alternates } : {}) };
}
