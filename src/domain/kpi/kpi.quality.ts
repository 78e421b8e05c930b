// The quality records as figures over a period: reject and repeat rates (TG-305, images), QC results by
// outcome (ok / tolerance / action / not done), QC sets overdue at `now`, adverse events by kind and by
// severity (the ACR severity of a contrast reaction, otherwise the AHRQ harm), and control charts of
// every numeric QC test: the values over time with their mean and mean ± 3 SD (Shewhart limits), beside
// the reference and the tolerance and action limits frozen into the newest result.
import type { AdverseCase, QcResultRecord, QualityState } from '../quality/quality.projection';
import { qcDue } from '../quality/quality.status';
import { rateOf, type ImageQcRecord, type RateRow } from '../quality/reject-rate';
import { limitsOf, type Limits, type QcOutcome, type Tolerance } from '../quality/tolerance';
import { inPeriod, type KpiFilter, type Period } from './kpi.filter';
import { countBy, meanAndSd, share } from './kpi.stats';

export type QualityFigures = {
  readonly rejects: RateRow & { readonly byScanner: readonly RateRow[]; readonly records: readonly string[] };
  readonly qc: {
    readonly counts: Readonly<Record<QcOutcome, number>>;
    readonly total: number;
    readonly passShare: number | null;
    readonly toleranceShare: number | null;
    readonly actionShare: number | null;
    /** Tolerance, action and not-done results: what the figure opens. */
    readonly misses: readonly {
      readonly resultId: string;
      readonly at: number;
      readonly scannerId: string;
      readonly setLabel: string;
      readonly outcome: QcOutcome;
    }[];
  };
  readonly overdueQc: readonly {
    readonly scannerId: string;
    readonly setId: string;
    readonly label: string;
    readonly deadline: number;
  }[];
  readonly adverse: {
    readonly total: number;
    readonly byKind: Readonly<Record<string, number>>;
    readonly bySeverity: Readonly<Record<string, number>>;
    readonly reports: readonly {
      readonly reportId: string;
      readonly occurredAt: number;
      readonly kind: string;
      readonly severity: string;
      readonly status: string;
      readonly runId?: string;
    }[];
  };
  readonly controlCharts: readonly ControlChart[];
};

export type ControlChart = {
  readonly scannerId: string;
  readonly setId: string;
  readonly testId: string;
  readonly label: string;
  readonly unit?: string;
  readonly points: readonly { readonly at: number; readonly value: number; readonly resultId: string }[];
  readonly mean: number;
  readonly sd: number;
  readonly ucl: number;
  readonly lcl: number;
  readonly reference?: number;
  readonly limits?: Limits;
  /** Points beyond mean ± 3 SD. */
  readonly outOfControl: number;
};

const modalityOf = (s: QualityState, scannerId: string) => s.equipment.get(scannerId)?.modality;

function scannerOk(s: QualityState, scannerId: string | undefined, f: KpiFilter) {
  if (f.scanner !== undefined && scannerId !== f.scanner) return false;
  return f.modality === undefined || (scannerId !== undefined && modalityOf(s, scannerId) === f.modality);
}

const severityOf = (c: AdverseCase) => c.current.contrast?.severity ?? `harm:${c.current.harm}`;

export function qualityFigures(
  s: QualityState,
  p: Period,
  f: KpiFilter,
  now: number,
  timeZone: string,
): QualityFigures {
  const images = s.imageQc.filter(
    (r: ImageQcRecord) =>
      inPeriod(r.at, p) &&
      scannerOk(s, r.scannerId, f) &&
      (f.card === undefined || r.sopId === f.card) &&
      (f.technologist === undefined || r.technologist === f.technologist),
  );
  const scanners = [...new Set(images.map((r) => r.scannerId))].sort();
  const results = s.results.filter(
    (r) =>
      inPeriod(r.at, p) && scannerOk(s, r.scannerId, f) && (f.technologist === undefined || r.user === f.technologist),
  );
  const counts = { ok: 0, tolerance: 0, action: 0, notDone: 0 };
  for (const r of results) counts[r.outcome] += 1;
  const adverse = s.adverse.filter(
    (c) =>
      inPeriod(c.current.occurredAt, p) &&
      scannerOk(s, c.current.scannerId, f) &&
      (f.card === undefined || c.current.sopId === f.card) &&
      (f.technologist === undefined || c.reportedBy === f.technologist || c.current.technologist === f.technologist),
  );
  return {
    rejects: {
      ...rateOf('all', images),
      byScanner: scanners.map((id) =>
        rateOf(
          id,
          images.filter((r) => r.scannerId === id),
        ),
      ),
      records: images.filter((r) => r.outcome !== 'accept').map((r) => r.id),
    },
    qc: {
      counts,
      total: results.length,
      passShare: share(counts.ok, results.length),
      toleranceShare: share(counts.tolerance, results.length),
      actionShare: share(counts.action, results.length),
      misses: results
        .filter((r) => r.outcome !== 'ok')
        .sort((a, b) => a.at - b.at)
        .map((r) => ({
          resultId: r.resultId,
          at: r.at,
          scannerId: r.scannerId,
          setLabel: r.setLabel,
          outcome: r.outcome,
        })),
    },
    overdueQc: [...s.equipment.keys()]
      .filter((id) => scannerOk(s, id, f))
      .sort()
      .flatMap((scannerId) =>
        qcDue(s, scannerId, now, timeZone)
          .filter((d) => d.status === 'overdue')
          .map((d) => ({ scannerId, setId: d.set.setId, label: d.set.label, deadline: d.window.deadline })),
      ),
    adverse: {
      total: adverse.length,
      byKind: countBy(adverse, (c) => c.current.kind),
      bySeverity: countBy(adverse, severityOf),
      reports: adverse
        .map((c) => ({
          reportId: c.reportId,
          occurredAt: c.current.occurredAt,
          kind: c.current.kind,
          severity: severityOf(c),
          status: c.status,
          ...(c.current.runId && { runId: c.current.runId }),
        }))
        .sort((a, b) => a.occurredAt - b.occurredAt),
    },
    controlCharts: controlCharts(results),
  };
}

export function controlCharts(results: readonly QcResultRecord[]): ControlChart[] {
  type Series = { scannerId: string; setId: string; testId: string; label: string; unit?: string } & {
    points: ControlChart['points'][number][];
    tolerance?: Tolerance;
  };
  const series = new Map<string, Series>();
  for (const r of [...results].sort((a, b) => a.at - b.at))
    for (const i of r.items) {
      if (i.value === undefined) continue;
      const key = `${r.scannerId}|${r.setId}|${i.testId}`;
      let s = series.get(key);
      if (!s)
        series.set(key, (s = { scannerId: r.scannerId, setId: r.setId, testId: i.testId, label: i.label, points: [] }));
      if (i.unit) s.unit = i.unit;
      if (i.tolerance) s.tolerance = i.tolerance; // the newest result's windows
      s.points.push({ at: r.at, value: i.value, resultId: r.resultId });
    }
  return [...series.values()]
    .map(({ tolerance, ...chart }) => {
      const { mean, sd } = meanAndSd(chart.points.map((p) => p.value))!;
      const ucl = mean + 3 * sd;
      const lcl = mean - 3 * sd;
      return {
        ...chart,
        mean,
        sd,
        ucl,
        lcl,
        ...(tolerance && { reference: tolerance.reference, limits: limitsOf(tolerance) }),
        outOfControl: chart.points.filter((p) => p.value > ucl || p.value < lcl).length,
      };
    })
    .sort(
      (a, b) =>
        a.scannerId.localeCompare(b.scannerId) || a.setId.localeCompare(b.setId) || a.testId.localeCompare(b.testId),
    );
}
