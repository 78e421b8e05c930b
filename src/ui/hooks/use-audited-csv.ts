// Downloads a table as CSV after recording the export in the audit trail (what was exported and how
// many rows, never a patient identifier): every CSV the quality screens and the dashboard offer.
import { toCsv, type CsvTable } from '../../domain/quality/quality.rows';
import { useServices } from '../services';

export function useAuditedCsv() {
  const { runs } = useServices();
  /** `what` names the export (and the file); `detail` is the audit entry's text. */
  return async (what: string, detail: string, table: CsvTable) => {
    await runs.recordAudit('export', what, detail);
    const url = URL.createObjectURL(new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' }));
    Object.assign(document.createElement('a'), { href: url, download: `${what}.csv` }).click();
    URL.revokeObjectURL(url);
  };
}
