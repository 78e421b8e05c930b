// The site's procedure code → card table: a booking whose code matches a row starts on that card.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../../services';
import { LoadState, Problem } from '../../components/LoadState';
import type { CardMappingRow } from './integration-types';
import { useServerData } from '../../hooks/use-server-data';

export function CardMappings() {
  const { account } = useServices();
  const { t } = useTranslation();
  const { loaded, reload } = useServerData<{ rows: CardMappingRow[]; cards: string[] }>(
    '/api/admin/integration/card-mappings',
  );
  const [rows, setRows] = useState<CardMappingRow[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    if (loaded.state === 'ready') setRows(loaded.data.rows);
  }, [loaded]);
  const cards = loaded.state === 'ready' ? loaded.data.cards : [];

  async function save(e: FormEvent) {
    e.preventDefault();
    // Empty scheme or modality means "any": sent as absent, as the server stores it.
    const clean = rows.map((r) => ({
      code: r.code,
      cardId: r.cardId,
      ...(r.system && { system: r.system }),
      ...(r.modality && { modality: r.modality }),
    }));
    try {
      const r = await account!.sendJson<{ saved: number; remapped: number }>(
        'PUT',
        '/api/admin/integration/card-mappings',
        {
          rows: clean,
        },
      );
      setError(null);
      setDone(t('admin.integration.mappingsSaved', { count: r.saved, remapped: r.remapped }));
      void reload();
    } catch (err) {
      setError(err);
      setDone(null);
    }
  }
  const set = (i: number, patch: Partial<CardMappingRow>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <section className="card stack" aria-labelledby="card-mappings">
      <h3 id="card-mappings">{t('admin.integration.mappings')}</h3>
      <LoadState loaded={loaded} retry={() => void reload()} />
      {loaded.state === 'ready' && (
        <form className="stack" onSubmit={(e) => void save(e)}>
          {done && (
            <p className="banner" role="status">
              {done}
            </p>
          )}
          {error !== null && <Problem error={error} />}
          {rows.length === 0 && <p className="muted">{t('admin.integration.noMappings')}</p>}
          {rows.map((r, i) => (
            <div key={i} className="row admin-mapping">
              <label className="field admin-inline">
                <span>{t('admin.integration.code')}</span>
                <input type="text" value={r.code} onChange={(e) => set(i, { code: e.target.value })} />
              </label>
              <label className="field admin-inline">
                <span>{t('admin.integration.system')}</span>
                <input type="text" value={r.system ?? ''} onChange={(e) => set(i, { system: e.target.value })} />
              </label>
              <label className="field admin-inline">
                <span>{t('admin.integration.modality')}</span>
                <input type="text" value={r.modality ?? ''} onChange={(e) => set(i, { modality: e.target.value })} />
              </label>
              <label className="field admin-inline">
                <span>{t('admin.integration.card')}</span>
                <select value={r.cardId} onChange={(e) => set(i, { cardId: e.target.value })}>
                  {cards.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" className="btn btn-danger" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                {t('admin.integration.removeRow')}
              </button>
            </div>
          ))}
          <div className="row">
            <button
              type="button"
              className="btn"
              onClick={() => setRows([...rows, { code: '', cardId: cards[0] ?? '' }])}
            >
              {t('admin.integration.addRow')}
            </button>
            <button type="submit" className="btn btn-primary">
              {t('admin.integration.saveMappings')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
