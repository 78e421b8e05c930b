// A run merged from two tablets whose combined log is not a valid path through the card: the
// moves that did not fit are listed here, with who made them, where and when. Nothing is dropped.
import { useLiveQuery } from 'dexie-react-hooks';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { eventsByIds } from '../../../db/runs.queries';
import type { RunRow } from '../../../db/db';
import type { SopIndex } from '../../../domain/sop/sop.index';
import { formatDateTime } from '../../format';
import { useServices } from '../../services';

export function RunReview({ row, index }: { row: RunRow; index: SopIndex }) {
  const { db, vault } = useServices();
  const { t } = useTranslation();
  const ids = row.rejectedEventIds ?? [];
  const events = useLiveQuery(() => eventsByIds(db, vault, ids), [db, vault, ids.join()]);
  if (!ids.length) return null;
  return (
    <section className="banner banner-warn" role="alert" style={{ display: 'block' }} data-review>
      <p style={{ margin: 0 }}>{t('run.needsReview')}</p>
      <ul>
        {(events ?? []).map((e) => (
          <li key={e.id}>
            {formatDateTime(e.at)} · {e.user} · {t('run.reviewDevice', { device: e.device.slice(0, 8) })} ·{' '}
            {describe(e, index, t)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function describe(e: { type: string; payload: unknown }, index: SopIndex, t: TFunction): string {
  if (e.type !== 'run.command') return e.type;
  const c = e.payload as { type: string; itemId?: string; value?: unknown; reason?: string };
  if (c.type === 'answer') {
    const item = c.itemId ? index.items.get(c.itemId) : undefined;
    return `${item ? t(item.label, { ns: 'sop' }) : c.itemId}: ${String(c.value)}`;
  }
  return c.reason ? `${t(`run.move.${c.type}`)} (${c.reason})` : t(`run.move.${c.type}`);
}
