// The dashboard's charts (its own chunk, loaded only on the dashboard: uPlot is not in the start-up
// bundle): day by day waiting time and emergency response with their targets, and a control chart
// for every numeric QC test (values, mean, mean ± 3 SD, and the frozen tolerance and action limits).
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DailyPoint } from '../../../domain/kpi/kpi.daily';
import type { ControlChart } from '../../../domain/kpi/kpi.quality';
import { formatDateTime } from '../../format';
import { pct } from './dashboard.format';
import { LineChart, type ChartSeries } from './LineChart';

const day = (ms: number) => new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' }).format(ms);
const flat = (n: number, v: number | undefined) => Array.from({ length: n }, () => v ?? null);
const inMin = (ms: number | null) => (ms === null ? null : ms / 60_000);
const mins = (v: number) => `${Math.round(v * 10) / 10} min`;
const num = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1));

type Props = { readonly daily: readonly DailyPoint[] | null; readonly control: readonly ControlChart[] };

export default function Charts({ daily, control }: Props) {
  const { t } = useTranslation();
  const timed = useMemo(() => {
    if (!daily?.length) return null;
    const x = daily.map((d) => d.start);
    const wait: ChartSeries[] = [
      // In minutes, so the axis steps are whole minutes.
      {
        label: t('dashboard.col.median'),
        values: daily.map((d) => inMin(d.waitMedianMs)),
        color: '#0b4f8a',
        points: true,
      },
      { label: t('dashboard.col.p90'), values: daily.map((d) => inMin(d.waitP90Ms)), color: '#7a4fb3', points: true },
      { label: t('dashboard.chart.target'), values: flat(x.length, 15), color: '#b3141b', dash: [8, 6] },
    ];
    const emergency: ChartSeries[] = [
      { label: t('dashboard.col.within'), values: daily.map((d) => d.emergencyWithin), color: '#137a3d', points: true },
      { label: t('dashboard.col.within'), values: daily.map((d) => d.handoffWithin), color: '#b35c00', points: true },
    ];
    return { x, wait, emergency };
  }, [daily, t]);
  return (
    <div className="dash-charts">
      {timed && (
        <>
          <LineChart title={t('kpi.name.waiting')} x={timed.x} series={timed.wait} format={mins} formatX={day} />
          <LineChart
            title={`${t('kpi.name.emergencyResponse')} · ${t('kpi.name.reportHandoff')}`}
            x={timed.x}
            series={[
              { ...timed.emergency[0]!, label: t('kpi.name.emergencyResponse') },
              { ...timed.emergency[1]!, label: t('kpi.name.reportHandoff') },
            ]}
            format={pct}
            formatX={day}
          />
        </>
      )}
      {control.map((c) => (
        <ControlChartView key={`${c.scannerId}|${c.setId}|${c.testId}`} chart={c} />
      ))}
    </div>
  );
}

function ControlChartView({ chart: c }: { chart: ControlChart }) {
  const { t } = useTranslation();
  const series = useMemo(() => {
    const n = c.points.length;
    const s: ChartSeries[] = [
      {
        label: c.unit ? `${c.label} (${c.unit})` : c.label,
        values: c.points.map((p) => p.value),
        color: '#0b4f8a',
        points: true,
      },
      { label: t('dashboard.chart.mean'), values: flat(n, c.mean), color: '#137a3d' },
      { label: t('dashboard.chart.limits'), values: flat(n, c.ucl), color: '#7a4fb3', dash: [4, 4] },
      { label: `${t('dashboard.chart.limits')} `, values: flat(n, c.lcl), color: '#7a4fb3', dash: [4, 4] },
    ];
    if (c.limits?.actionHigh !== undefined)
      s.push({
        label: t('dashboard.chart.action'),
        values: flat(n, c.limits.actionHigh),
        color: '#b3141b',
        dash: [10, 6],
      });
    if (c.limits?.actionLow !== undefined)
      s.push({
        label: `${t('dashboard.chart.action')} `,
        values: flat(n, c.limits.actionLow),
        color: '#b3141b',
        dash: [10, 6],
      });
    if (c.limits?.toleranceHigh !== undefined)
      s.push({
        label: t('dashboard.chart.tolerance'),
        values: flat(n, c.limits.toleranceHigh),
        color: '#8a5a00',
        dash: [2, 4],
      });
    if (c.limits?.toleranceLow !== undefined)
      s.push({
        label: `${t('dashboard.chart.tolerance')} `,
        values: flat(n, c.limits.toleranceLow),
        color: '#8a5a00',
        dash: [2, 4],
      });
    return s;
  }, [c, t]);
  const x = useMemo(() => c.points.map((p) => p.at), [c]);
  return (
    <LineChart
      title={`${t('kpi.name.controlCharts')}: ${c.scannerId} · ${c.label}${c.outOfControl ? ` · ${t('dashboard.chart.outOfControl', { count: c.outOfControl })}` : ''}`}
      x={x}
      series={series}
      format={num}
      formatX={formatDateTime}
    />
  );
}
