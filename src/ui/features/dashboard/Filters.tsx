// The dashboard's filters: the period (a saved one, or from and to, both whole days, "to"
// inclusive), scanner, modality, card, technologist (by name, from the synced directory) and
// priority, and where the figures come from. The previous period (the same length, just before) is
// compared on every tile.
import { useTranslation } from 'react-i18next';
import type { KpiFilter } from '../../../domain/kpi/kpi.filter';
import { useUserNames } from '../../hooks/use-user-names';
import { useServices } from '../../services';
import { dateInput, fromDateInput } from './dashboard.format';
import { PERIOD_PRESETS, presetOf, presetPeriod, type PeriodPreset } from './dashboard.periods';
import type { DashboardQuery, FilterOptions, Source } from './use-dashboard';

const DAY = 24 * 3600_000;

type Props = {
  readonly query: DashboardQuery;
  readonly options: FilterOptions;
  readonly serverAvailable: boolean;
  onChange(q: DashboardQuery): void;
};

export function Filters({ query, options, serverAvailable, onChange }: Props) {
  const { t } = useTranslation();
  const name = useUserNames();
  const { now } = useServices();
  const { period, filter } = query;
  const setFilter = <K extends keyof KpiFilter>(k: K, v: string) => {
    const rest = Object.entries(filter).filter(([key]) => key !== k);
    onChange({ ...query, filter: Object.fromEntries(v ? [...rest, [k, v]] : rest) as KpiFilter });
  };
  const select = (k: keyof KpiFilter, values: readonly string[], label: (v: string) => string = (v) => v) => (
    <label>
      {t(`dashboard.filter.${k}`)}
      <select value={filter[k] ?? ''} onChange={(e) => setFilter(k, e.target.value)}>
        <option value="">{t('dashboard.filter.all')}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {label(v)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <fieldset className="card dash-filters no-print">
      <legend className="sr-only">{t('dashboard.filters')}</legend>
      <label>
        {t('dashboard.period.choose')}
        <select
          value={presetOf(period, now()) ?? ''}
          onChange={(e) => {
            const p = e.target.value as PeriodPreset | '';
            if (p) onChange({ ...query, period: presetPeriod(p, now()) });
          }}
        >
          <option value="">{t('dashboard.period.custom')}</option>
          {PERIOD_PRESETS.map((p) => (
            <option key={p} value={p}>
              {t(`dashboard.period.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('dashboard.from')}
        <input
          type="date"
          value={dateInput(period.from)}
          onChange={(e) => {
            const from = fromDateInput(e.target.value);
            if (from !== undefined && from < period.to) onChange({ ...query, period: { ...period, from } });
          }}
        />
      </label>
      <label>
        {t('dashboard.to')}
        <input
          type="date"
          value={dateInput(period.to - DAY)}
          onChange={(e) => {
            const last = fromDateInput(e.target.value);
            if (last !== undefined && last + DAY > period.from)
              onChange({ ...query, period: { ...period, to: last + DAY } });
          }}
        />
      </label>
      {select('scanner', options.scanners)}
      {select('modality', ['CT', 'MR'])}
      {select('card', options.cards)}
      {select(
        'technologist',
        [...options.technologists].sort((a, b) => name(a).localeCompare(name(b))),
        name,
      )}
      {select('priority', ['routine', 'urgent', 'emergency'], (p) => t(`priority.${p}`))}
      {serverAvailable && (
        <label>
          {t('dashboard.source.choose')}
          <select value={query.source} onChange={(e) => onChange({ ...query, source: e.target.value as Source })}>
            <option value="tablet">{t('dashboard.source.useTablet')}</option>
            <option value="server">{t('dashboard.source.useServer')}</option>
          </select>
        </label>
      )}
    </fieldset>
  );
}
