// The dashboard's detail tables (each with CSV): the headline figures beside the previous period,
// time per step with the spread between technologists, skips / fast paths / cancels by reason, and
// warm-up per scanner. The same rows on screen, in the printed report and in the CSV file.
import type { TFunction } from 'i18next';
import type { Dashboard } from '../../../domain/kpi/kpi';
import type { Tile, Table } from './dashboard.figures';
import { count, minutes, pct } from './dashboard.format';

export type NamedTable = { readonly id: string; readonly title: string; readonly table: Table };

const cols = (t: TFunction, names: readonly string[]) => names.map((c) => t(`dashboard.col.${c}`));

export function tables(
  t: TFunction,
  d: Dashboard,
  figures: readonly Tile[],
  name: (userId: string) => string = (u) => u,
): NamedTable[] {
  const k = d.current;
  return [
    {
      id: 'summary',
      title: t('dashboard.table.summary'),
      table: {
        columns: cols(t, ['figure', 'value', 'previous']),
        rows: figures.map((f) => ({ id: f.id, cells: [t(`kpi.name.${f.id}`), f.value, f.previous ?? ''] })),
      },
    },
    {
      id: 'steps',
      title: t('kpi.name.steps'),
      table: {
        columns: cols(t, ['card', 'step', 'visits', 'median', 'p90', 'spread', 'slowest']),
        rows: k.steps.map((s) => ({
          id: `${s.card}@${s.version}#${s.stepId}`,
          cells: [
            `${s.card} v${s.version}`,
            s.stepId,
            count(s.visits),
            minutes(s.medianMs),
            minutes(s.p90Ms),
            minutes(s.spreadMs),
            s.byTechnologist[0] ? `${name(s.byTechnologist[0].user)} (${minutes(s.byTechnologist[0].medianMs)})` : '',
          ],
        })),
      },
    },
    {
      id: 'moves',
      title: t('kpi.name.moves'),
      table: {
        columns: cols(t, ['kind', 'card', 'step', 'reason', 'count']),
        rows: [
          ...k.moves.skips.map((r) => ({
            id: `s|${r.key}`,
            cells: ['skip', r.card, r.stepId, r.reason, count(r.count)],
          })),
          ...k.moves.fastPaths.map((r) => ({
            id: `f|${r.key}`,
            cells: ['fast path', r.card, r.fromStep, r.reason, count(r.count)],
          })),
          ...k.moves.cancels.map((r) => ({
            id: `c|${r.key}`,
            cells: ['cancel', r.card, '', r.reason, count(r.count)],
          })),
        ],
      },
    },
    {
      id: 'warmup',
      title: t('kpi.name.warmup'),
      table: {
        columns: cols(t, ['modality', 'scanner', 'met', 'missed', 'within', 'median']),
        rows: k.warmup.map((w) => ({
          id: `${w.modality}|${w.scanner}`,
          cells: [
            w.modality,
            w.scanner === '*' ? t('dashboard.allScanners') : w.scanner,
            count(w.counts.met),
            count(w.counts.missed),
            pct(w.withinTarget),
            minutes(w.medianMs),
          ],
        })),
      },
    },
    {
      id: 'adverse',
      title: t('kpi.name.adverse'),
      table: {
        columns: cols(t, ['kind', 'severity', 'count']),
        rows: [
          ...Object.entries(k.quality.adverse.byKind).map(([kind, n]) => ({
            id: `k|${kind}`,
            cells: [kind, '', count(n)],
          })),
          ...Object.entries(k.quality.adverse.bySeverity).map(([sev, n]) => ({
            id: `s|${sev}`,
            cells: ['', sev, count(n)],
          })),
        ],
      },
    },
  ];
}
