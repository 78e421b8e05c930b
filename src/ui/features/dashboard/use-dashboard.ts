// The dashboard's data: by default the figures over what this tablet holds (offline, its own logs
// through the same KPI functions as the server), or department-wide from the server's /api/kpi; when
// the server cannot be reached the tablet's figures are shown and the screen says so. Re-read when
// the tablet's log grows (a pull, a new run), so an open dashboard does not go stale.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { everySop, loadKpiInput } from '../../../db/kpi.repo';
import { dashboard, type Dashboard } from '../../../domain/kpi/kpi';
import { dailySeries, type DailyPoint } from '../../../domain/kpi/kpi.daily';
import { FILTER_KEYS, type KpiFilter, type Period } from '../../../domain/kpi/kpi.filter';
import type { ProjectedRun } from '../../../domain/run/run.projection';
import { loadBuiltInSops } from '../../../sops/load-built-ins';
import { useSiteTimeZone } from '../../hooks/use-site-time-zone';
import { useServices } from '../../services';

export type Source = 'tablet' | 'server';
export type DashboardQuery = { readonly period: Period; readonly filter: KpiFilter; readonly source: Source };

export type FilterOptions = {
  readonly scanners: readonly string[];
  readonly cards: readonly string[];
  readonly technologists: readonly string[];
};

export type Loaded = {
  readonly dash: Dashboard;
  /** Day by day, for the charts; only over the tablet's own runs. */
  readonly daily: readonly DailyPoint[] | null;
  readonly shown: Source | 'fallback';
  readonly options: FilterOptions;
};

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

function optionsOf(runs: readonly ProjectedRun[], scanners: readonly string[]): FilterOptions {
  return {
    scanners: sorted([...scanners, ...runs.map((r) => r.scanner)]),
    cards: sorted(runs.map((r) => r.sop.id)),
    technologists: sorted(runs.flatMap((r) => [r.createdBy, ...r.visits.flatMap((v) => v.leftBy ?? [])])),
  };
}

export const kpiPath = (q: DashboardQuery) =>
  `/api/kpi?${new URLSearchParams([
    ['from', String(q.period.from)],
    ['to', String(q.period.to)],
    ...FILTER_KEYS.flatMap((k) => (q.filter[k] === undefined ? [] : [[k, String(q.filter[k])]])),
  ]).toString()}`;

export function useDashboard(q: DashboardQuery): { data?: Loaded; error?: unknown } {
  const { db, vault, runs, scanners, now, account, user } = useServices();
  // Any stored event (a pull, a step) changes the count: the trigger to read again.
  const version = useLiveQuery(() => db.events.count(), [db]);
  const timeZone = useSiteTimeZone();
  const [state, setState] = useState<{ data?: Loaded; error?: unknown }>({});
  const key = JSON.stringify(q);
  useEffect(() => {
    if (version === undefined) return;
    let live = true;
    const at = now();
    async function tablet() {
      const input = await loadKpiInput(db, vault, q.period, {
        sops: runs.sops,
        allSops: async () => everySop(db, await loadBuiltInSops()),
        scanners,
        roles: new Map(account ? [[user, account.role]] : []),
        timeZone,
      });
      return {
        dash: dashboard(input, q.period, q.filter, at),
        daily: dailySeries(input.runs, q.period, q.filter, at, timeZone),
        options: optionsOf(
          input.runs,
          scanners.map((s) => s.id),
        ),
      };
    }
    async function load(): Promise<Loaded> {
      if (q.source === 'server' && account) {
        try {
          const dash = await account.fetchJson<Dashboard>(kpiPath(q));
          const mine = await tablet(); // the filter choices and day-by-day charts stay the tablet's
          return { dash, daily: null, shown: 'server', options: mine.options };
        } catch {
          return { ...(await tablet()), shown: 'fallback' };
        }
      }
      return { ...(await tablet()), shown: 'tablet' };
    }
    load().then(
      (data) => live && setState({ data }),
      (error: unknown) => live && setState({ error }),
    );
    return () => {
      live = false;
    };
    // `key` stands for the query; the services are the session's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, version, db, vault, timeZone]);
  return state;
}
