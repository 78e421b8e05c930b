// One figure as a tile: the value large enough to read at arm's length, the target, the previous
// period, the written definition (what counts, from which moment to which), and a button that opens
// the runs and records behind it.
import { useTranslation } from 'react-i18next';
import { definitionKey } from '../../../domain/kpi/kpi';
import type { Tile } from './dashboard.figures';

export function FigureTile({ tile, open, onOpen }: { tile: Tile; open: boolean; onOpen(): void }) {
  const { t } = useTranslation();
  const name = t(`kpi.name.${tile.id}`);
  return (
    <article className={`card dash-tile${tile.warn ? ' dash-warn' : ''}`} aria-label={name}>
      <h3>{name}</h3>
      <p className="dash-value" data-figure={tile.id}>
        {tile.value}
        {tile.target && <span className="dash-target">{tile.target}</span>}
      </p>
      {tile.detail && <p className="dash-detail">{tile.detail}</p>}
      {tile.previous !== undefined && (
        <p className="dash-previous">{t('dashboard.previous', { value: tile.previous })}</p>
      )}
      <details className="dash-def">
        <summary>{t('dashboard.definition')}</summary>
        <p>{t(definitionKey(tile.id))}</p>
      </details>
      <button type="button" className="btn no-print" aria-expanded={open} onClick={onOpen}>
        {t('dashboard.open', { count: tile.opens.rows.length })}
      </button>
    </article>
  );
}
