// The printable report for the monthly quality meeting (browser print to PDF): the period and the
// filters, every figure with its previous period and its written definition, the charts and every
// table. Printing is an export: it is recorded in the audit trail before the print dialog opens.
import i18next from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { definitionKey } from '../../../domain/kpi/kpi';
import { formatDateTime } from '../../format';
import { useServices } from '../../services';
import type { Tile } from './dashboard.figures';
import type { NamedTable } from './dashboard.tables';
import { TableView } from './TableView';

const day = (ms: number) => new Intl.DateTimeFormat(i18next.language, { dateStyle: 'medium' }).format(ms);

type Props = {
  readonly period: { readonly from: number; readonly to: number };
  readonly filterText: string;
  readonly figures: readonly Tile[];
  readonly tables: readonly NamedTable[];
  readonly charts: ReactNode;
  readonly detail: string;
  onBack(): void;
};

export function ReportView({ period, filterText, figures, tables, charts, detail, onBack }: Props) {
  const { t } = useTranslation();
  const { runs, now } = useServices();
  async function print() {
    await runs.recordAudit('export', 'dashboard-report', `${detail}, printed`);
    window.print();
  }
  return (
    <div className="stack dash-report">
      <div className="row no-print">
        <button type="button" className="btn" onClick={onBack}>
          {t('dashboard.back')}
        </button>
        <button type="button" className="btn btn-primary" onClick={() => void print()}>
          {t('dashboard.printNow')}
        </button>
      </div>
      <h1>{t('dashboard.title')}</h1>
      <p>
        {t('dashboard.generated', {
          // Whole days: the period ends at the midnight after its last day.
          from: day(period.from),
          to: day(period.to - 1),
          at: formatDateTime(now()),
        })}
      </p>
      {filterText && <p>{filterText}</p>}
      <section className="dash-report-figures">
        {figures.map((f) => (
          <article key={f.id} className="dash-report-figure">
            <h2>
              {t(`kpi.name.${f.id}`)}: <span data-figure={f.id}>{f.value}</span>
            </h2>
            <p>
              {[f.target, f.detail, f.previous !== undefined && t('dashboard.previous', { value: f.previous })]
                .filter(Boolean)
                .join(' · ')}
            </p>
            <p className="dash-def-text">
              {t('dashboard.definition')}: {t(definitionKey(f.id))}
            </p>
          </article>
        ))}
      </section>
      {charts}
      {tables.map((n) => (
        <TableView key={n.id} id={n.id} title={n.title} table={n.table} detail={detail} />
      ))}
      {(['steps', 'controlCharts'] as const).map((id) => (
        <p key={id} className="dash-def-text">
          {t(`kpi.name.${id}`)}: {t(definitionKey(id))}
        </p>
      ))}
    </div>
  );
}
