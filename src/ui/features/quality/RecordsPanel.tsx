// Every quality record kind as a filtered table the tablet holds, offline: CSV download and a
// printable page (browser print), each export recorded in the audit trail.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QualityState } from '../../../domain/quality/quality.projection';
import { RECORD_KINDS, recordTable, type RecordKind } from '../../../domain/quality/quality.rows';
import { formatDateTime } from '../../format';
import { useAuditedCsv } from '../../hooks/use-audited-csv';
import { useServices } from '../../services';

export function RecordsPanel({ state }: { state: QualityState }) {
  const { runs } = useServices();
  const { t } = useTranslation();
  const [kind, setKind] = useState<RecordKind>('qc');
  const [scannerId, setScannerId] = useState('');
  const [match, setMatch] = useState('');
  const table = recordTable(
    state,
    kind,
    { ...(scannerId && { scannerId }), ...(match.trim() && { match: match.trim() }) },
    formatDateTime,
  );
  const detail = `${table.rows.length} ${kind} records${scannerId ? `, scanner ${scannerId}` : ''}${match ? `, ${match}` : ''}`;

  const csv = useAuditedCsv();
  const downloadCsv = () => csv(`quality-${kind}`, `${detail} as csv`, table);
  async function print() {
    await runs.recordAudit('export', `quality-${kind}`, `${detail} printed`);
    window.print();
  }

  return (
    <section className="card stack printable" aria-labelledby="records-title">
      <h2 id="records-title">{t(`quality.records.${kind}`)}</h2>
      <div className="row no-print">
        <label>
          {t('quality.records.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as RecordKind)}>
            {RECORD_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`quality.records.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('quality.scanner')}
          <select value={scannerId} onChange={(e) => setScannerId(e.target.value)}>
            <option value="">{t('quality.records.all')}</option>
            {[...state.equipment.values()].map((e) => (
              <option key={e.scannerId} value={e.scannerId}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('quality.records.match')}
          <input value={match} placeholder="action, closed, repair…" onChange={(e) => setMatch(e.target.value)} />
        </label>
        <button className="btn" type="button" onClick={() => void downloadCsv()}>
          {t('quality.records.csv')}
        </button>
        <button className="btn" type="button" onClick={() => void print()}>
          {t('quality.records.print')}
        </button>
      </div>
      <div className="table-scroll">
        <table className="records" data-kind={kind}>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr key={r.id}>
                {r.cells.map((c, i) => (
                  <td key={i}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {table.rows.length === 0 && <p>{t('quality.records.none')}</p>}
    </section>
  );
}
