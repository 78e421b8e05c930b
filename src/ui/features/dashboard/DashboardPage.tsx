// The QA dashboard (QA lead and admin): the department's standards as figures over a period, with
// filters and the previous period, each figure's definition, the runs and records behind it (a run
// opens the run record), charts (uPlot, loaded only here), tables with CSV, and a printable report.
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FigureId } from '../../../domain/kpi/kpi';
import { FILTER_KEYS } from '../../../domain/kpi/kpi.filter';
import { Loading } from '../../components/Loading';
import { useCan } from '../../hooks/use-quality';
import { useUserNames } from '../../hooks/use-user-names';
import { useServices } from '../../services';
import { formatDateTime } from '../../format';
import { ChartBoundary } from './ChartBoundary';
import { tiles } from './dashboard.figures';
import { tables } from './dashboard.tables';
import { FigureTile } from './FigureTile';
import { Filters } from './Filters';
import { ReportView } from './ReportView';
import { TableView } from './TableView';
import { useDashboard, type DashboardQuery } from './use-dashboard';
import './dashboard.css';

const Charts = lazy(() => import('./Charts'));
const DAY = 24 * 3600_000;

/** The last 30 whole days up to and including today (local midnights). */
function lastMonth(now: number): DashboardQuery['period'] {
  const d = new Date(now);
  const to = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
  return { from: to - 30 * DAY, to };
}

export default function DashboardPage({ initial }: { initial?: Partial<DashboardQuery> }) {
  const { t } = useTranslation();
  const { now, account } = useServices();
  const allowed = useCan('figures.view');
  const [query, setQuery] = useState<DashboardQuery>(() => ({
    period: initial?.period ?? lastMonth(now()),
    filter: initial?.filter ?? {},
    source: initial?.source ?? 'tablet',
  }));
  const [open, setOpen] = useState<FigureId | null>(null);
  const [report, setReport] = useState(false);
  const { data, error } = useDashboard(query);
  const figures = useMemo(() => (data ? tiles(t, data.dash) : []), [data, t]);
  const name = useUserNames();
  const named = useMemo(() => (data ? tables(t, data.dash, figures, name) : []), [data, t, figures, name]);

  if (!allowed) return <p role="alert">{t('dashboard.notAllowed')}</p>;
  if (error) return <p role="alert">{t('dashboard.failed')}</p>;
  if (!data) return <Loading />;

  const filterText = FILTER_KEYS.flatMap((k) =>
    query.filter[k] === undefined ? [] : [`${t(`dashboard.filter.${k}`)}: ${query.filter[k]}`],
  ).join(', ');
  const detail = `${formatDateTime(query.period.from)} to ${formatDateTime(query.period.to)}${filterText ? `, ${filterText}` : ''}`;
  const empty = data.dash.current.runs.total === 0 && data.dash.current.quality.qc.total === 0;
  const opened = figures.find((f) => f.id === open);
  const charts = (
    <ChartBoundary fallback={<p className="card">{t('dashboard.chartFailed')}</p>}>
      <Suspense fallback={<Loading />}>
        <Charts daily={data.daily} control={data.dash.current.quality.controlCharts} />
      </Suspense>
    </ChartBoundary>
  );

  if (report)
    return (
      <ReportView
        period={query.period}
        filterText={filterText}
        figures={figures}
        tables={named}
        charts={charts}
        detail={detail}
        onBack={() => setReport(false)}
      />
    );

  return (
    <div className="stack dash">
      <div className="row">
        <h1>{t('dashboard.title')}</h1>
        <button type="button" className="btn" onClick={() => setReport(true)}>
          {t('dashboard.print')}
        </button>
      </div>
      <Filters query={query} options={data.options} serverAvailable={Boolean(account)} onChange={setQuery} />
      <p className="muted" role="status">
        {t(`dashboard.source.${data.shown}`)}
      </p>
      {empty ? (
        <p className="card">{t('dashboard.empty')}</p>
      ) : (
        <>
          <div className="dash-tiles">
            {figures.map((f) => (
              <FigureTile
                key={f.id}
                tile={f}
                open={open === f.id}
                onOpen={() => setOpen(open === f.id ? null : f.id)}
              />
            ))}
          </div>
          {opened && (
            <TableView
              id={`${opened.id}-list`}
              title={t('dashboard.open', { count: opened.opens.rows.length }) + ` · ${t(`kpi.name.${opened.id}`)}`}
              table={opened.opens}
              detail={detail}
            />
          )}
          {charts}
          {named.map((n) => (
            <TableView key={n.id} id={n.id} title={n.title} table={n.table} detail={detail} />
          ))}
        </>
      )}
    </div>
  );
}
