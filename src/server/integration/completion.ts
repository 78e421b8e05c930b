// A completed run, as the server's read model has it, → the CompletedExam the FHIR export reads, and
// into the durable outbox in the projection's own transaction (so a completion is never seen without
// its record queued). Only runs started from a booking (they carry its accession number) completed
// after the EMR endpoint was configured are sent; a rebuild enqueues nothing twice (one entry per run).
import type { ProjectedRun } from '../../domain/run/run.projection';
import type { RunEvent } from '../../domain/run/run.event';
import type { RunHeader } from '../../domain/run/run.header';
import type { SopDefinition } from '../../domain/sop/sop.schema';
import type { ProjectionRow } from '../store/projections.types';
import type { Tx } from '../store/store';
import type { CompletedExam, FhirExportConfig } from './fhir/completed-exam';
import { examBundle } from './fhir/exam-bundle';

type Run = { readonly runId: string; readonly log: readonly RunEvent[] };
type Booking = Awaited<ReturnType<Tx['bookingsOf']>>[number];

const answerOf = (p: ProjectedRun, field: string) => p.record?.answers.find((a) => a.recordField === field)?.value;

export function completedExam(
  header: RunHeader & { booking: { accessionNumber: string } },
  p: ProjectedRun,
  sop: SopDefinition,
  booking: Booking | undefined,
): CompletedExam {
  const sent = booking?.procedure;
  const agent = answerOf(p, 'contrastAgent');
  const volume = answerOf(p, 'contrastVolumeMl');
  const contrastAt = p.timers.find((t) => t.id === 'contrastObservation')?.startedAt;
  const body = answerOf(p, 'bodyPart') ?? p.record?.bodyPart?.value;
  const images = answerOf(p, 'imagesSent');
  const performer = p.record?.performedBy?.value;
  return {
    runId: p.runId,
    accessionNumber: header.booking.accessionNumber,
    patient: {
      id: header.patient?.patientId ?? sent?.patient.id ?? '',
      ...(sent?.patient.issuer && { system: sent.patient.issuer }),
    },
    ...(sent?.source === 'fhir' && sent.sourceId && { serviceRequestId: sent.sourceId }),
    ...(sent?.requestedProcedure && { requestedProcedure: sent.requestedProcedure }),
    card: { id: sop.id, version: sop.version, title: sop.title ?? sop.id },
    modality: sop.modality === 'MR' ? 'MR' : 'CT',
    scanner: p.scanner,
    performer: { userId: p.createdBy, ...(typeof performer === 'string' && performer && { name: performer }) },
    startedAt: p.arrivedAt,
    completedAt: p.completedAt!,
    ...(sent?.studyInstanceUid && { studyInstanceUid: sent.studyInstanceUid }),
    bodyPart: typeof body === 'string' && body ? body : (sent?.procedureDescription ?? sop.id),
    ...(typeof images === 'boolean' && { imagesSent: images }),
    ...(typeof agent === 'string' &&
      typeof volume === 'number' && { contrast: { agent, volumeMl: volume, at: contrastAt ?? p.arrivedAt } }),
    timers: p.timers.map((t) => ({
      id: t.id,
      kind: t.kind,
      startedAt: t.startedAt,
      deadline: t.deadline,
      ...(t.stoppedAt !== undefined && { stoppedAt: t.stoppedAt }),
      deviation: t.overByMs !== undefined || t.shortByMs !== undefined,
    })),
    skips: p.skips,
    fastPaths: p.fastPaths.map((f) => ({ fromStep: f.fromStep, skipped: f.skipped, reason: f.reason, at: f.at })),
    ...(p.earlyCloseReason !== undefined && { earlyCloseReason: p.earlyCloseReason }),
    qcValues: (p.record?.deviations ?? []).flatMap((d) =>
      d.kind === 'outOfRange'
        ? [{ itemId: d.itemId, label: d.label, value: d.value, ...(d.unit && { unit: d.unit }), failed: true }]
        : [],
    ),
  };
}

const exportConfig = (emr: NonNullable<Awaited<ReturnType<Tx['integrationSettings']>>['emr']>): FhirExportConfig => ({
  accessionSystem: emr.accessionSystem,
  patientSystem: emr.patientSystem,
  userSystem: emr.userSystem,
  codeSystem: emr.codeSystem,
});

/** After a projection: bookings claimed by new runs, and completed booked runs queued for the EMR. */
export async function afterProjection(
  tx: Tx,
  runs: readonly Run[],
  rows: readonly ProjectionRow[],
  sopOf: (header: RunHeader) => SopDefinition | undefined,
  now: number,
): Promise<void> {
  const booked = runs.flatMap((r) => {
    const created = r.log.find((e) => e.type === 'run.created');
    const header = created?.type === 'run.created' ? created.payload : undefined;
    return header?.booking
      ? [{ runId: r.runId, header: header as RunHeader & { booking: { accessionNumber: string } } }]
      : [];
  });
  if (!booked.length) return;
  for (const b of booked) await tx.markBookingStarted(b.header.booking.accessionNumber, b.runId);

  const settings = await tx.integrationSettings();
  if (!settings.emr) return;
  const since = settings.emrSince ?? 0;
  const bookings = new Map(
    (await tx.bookingsOf(booked.map((b) => b.header.booking.accessionNumber))).map((x) => [x.accessionNumber, x]),
  );
  for (const b of booked) {
    const row = rows.find((r) => r.runId === b.runId);
    if (row?.status !== 'completed' || row.kind !== 'exam' || !row.body || (row.completedAt ?? 0) < since) continue;
    const sop = sopOf(b.header);
    if (!sop) continue;
    const exam = completedExam(
      b.header,
      JSON.parse(row.body) as ProjectedRun,
      sop,
      bookings.get(b.header.booking.accessionNumber),
    );
    const bundle = examBundle(exam, exportConfig(settings.emr), now);
    await tx.outbox.enqueue({ id: bundle.identifier!.value!, runId: b.runId, bundle, at: now });
  }
}
