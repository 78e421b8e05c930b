// A line chart drawn by uPlot (small, canvas, no dependencies), sized to its container, with large
// type and thick lines for arm's length, and tap for the value: a tap (or pointer) on the chart
// shows the nearest point's date and values in words below it. Lives in the charts chunk only.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export type ChartSeries = {
  readonly label: string;
  readonly values: readonly (number | null)[];
  readonly color: string;
  readonly dash?: number[];
  /** The measured series get points; limit lines do not. */
  readonly points?: boolean;
};

type Props = {
  readonly title: string;
  /** Epoch ms, ascending. */
  readonly x: readonly number[];
  readonly series: readonly ChartSeries[];
  format(v: number): string;
  formatX(ms: number): string;
  readonly height?: number;
};

const FONT = '16px system-ui, sans-serif';

export function LineChart({ title, x, series, format, formatX, height = 260 }: Props) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const [picked, setPicked] = useState<number | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  if (failure) throw failure; // to the ChartBoundary: the figures stay, the chart says it failed

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let plot: uPlot | undefined;
    try {
      const data = [x.map((ms) => ms / 1000), ...series.map((s) => [...s.values])] as uPlot.AlignedData;
      plot = new uPlot(
        {
          width: Math.max(280, el.clientWidth),
          height,
          legend: { show: false },
          cursor: { points: { size: 12 } },
          scales: { x: { time: true } },
          axes: [
            { font: FONT, stroke: '#0f1c2e', size: 44 },
            { font: FONT, stroke: '#0f1c2e', size: 72, values: (_u, vals) => vals.map((v) => format(v)) },
          ],
          series: [
            {},
            ...series.map((s) => ({
              label: s.label,
              stroke: s.color,
              width: s.points ? 3 : 2,
              ...(s.dash && { dash: s.dash }),
              points: { show: Boolean(s.points), size: 8 },
              spanGaps: !s.points,
            })),
          ],
          hooks: { setCursor: [(u) => u.cursor.idx != null && setPicked(u.cursor.idx)] },
        },
        data,
        el,
      );
    } catch (e) {
      setFailure(e);
      return;
    }
    const resize = new ResizeObserver(() => plot?.setSize({ width: Math.max(280, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot?.destroy();
    };
  }, [x, series, height, format]);

  const value =
    picked === null || picked >= x.length
      ? null
      : t('dashboard.chartValue', {
          label: formatX(x[picked]!),
          value: series
            .filter((s) => s.values[picked] !== null && s.values[picked] !== undefined)
            .map((s) => `${s.label} ${format(s.values[picked]!)}`)
            .join(' · '),
        });
  return (
    <figure className="card dash-chart">
      <figcaption>
        <h3>{title}</h3>
        <ul className="dash-legend">
          {series
            .filter((s, i) => series.findIndex((o) => o.label.trim() === s.label.trim()) === i)
            .map((s) => (
              <li key={s.label}>
                <span
                  className="dash-swatch"
                  style={{ borderColor: s.color, borderStyle: s.dash ? 'dashed' : 'solid' }}
                />
                {s.label}
              </li>
            ))}
        </ul>
      </figcaption>
      <div ref={box} className="dash-plot" />
      <p className="dash-picked" aria-live="polite">
        {value ?? t('dashboard.chartTap')}
      </p>
    </figure>
  );
}
