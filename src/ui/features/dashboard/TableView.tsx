// A table of the dashboard with its CSV download. Every download is an export and is recorded in the
// audit trail first (what was exported, never a patient identifier). Rows that belong to a run open it.
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { useAuditedCsv } from '../../hooks/use-audited-csv';
import type { Table } from './dashboard.figures';

type Props = {
  readonly id: string;
  readonly title: string;
  readonly table: Table;
  /** What the audit entry says about the export (period, filters). */
  readonly detail: string;
  readonly headingLevel?: 2 | 3;
};

export function TableView({ id, title, table, detail, headingLevel = 2 }: Props) {
  const { t } = useTranslation();
  const csv = useAuditedCsv();
  const [, navigate] = useLocation();
  const H = headingLevel === 2 ? 'h2' : 'h3';

  const downloadCsv = () => csv(`dashboard-${id}`, `${table.rows.length} rows, ${detail}, as csv`, table);

  return (
    <section className="card stack dash-table" aria-label={title}>
      <div className="row">
        <H>{title}</H>
        <button type="button" className="btn no-print" onClick={() => void downloadCsv()}>
          {t('dashboard.csv')}
        </button>
      </div>
      {table.rows.length === 0 ? (
        <p>{t('dashboard.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="records">
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th key={c}>{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r) => (
                <tr
                  key={r.id}
                  className={r.runId ? 'dash-opens' : undefined}
                  onClick={r.runId ? () => navigate(`/run/${r.runId}`) : undefined}
                >
                  {r.cells.map((c, i) => (
                    <td key={i}>
                      {i === 0 && r.runId ? (
                        <Link href={`/run/${r.runId}`} onClick={(e) => e.stopPropagation()}>
                          {c}
                        </Link>
                      ) : (
                        c
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
