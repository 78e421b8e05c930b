// The site's timer standards, idle-lock time, time zone (QC due windows) and the sign-off rule: every
// tablet starts new timers with them (runs in progress keep theirs). Messages from the server appear beside the field they name.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IDLE_LOCK_BOUNDS, TIMER_MINUTE_BOUNDS, type SiteSettings } from '../../../domain/settings/site-settings';
import { TIMER_IDS, type TimerId } from '../../../domain/sop/timer-ids';
import { formatDateTime } from '../../format';
import { useServices } from '../../services';
import { LoadState, Problem } from '../../components/LoadState';
import type { SiteSettingsAnswer } from './admin-types';
import { fieldProblems, useServerData } from '../../hooks/use-server-data';

// The zones this browser knows, offered as suggestions (the server checks what is typed).
const ZONES: readonly string[] =
  (Intl as { supportedValuesOf?: (k: 'timeZone') => string[] }).supportedValuesOf?.('timeZone') ?? [];

export function SiteSettingsPanel() {
  const { account } = useServices();
  const { t } = useTranslation();
  const { loaded, reload } = useServerData<SiteSettingsAnswer>('/api/admin/site-settings');
  const [form, setForm] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  // What was typed, over what the server has (no copy to keep in step: a reload shows the saved values).
  const saved = loaded.state === 'ready' ? loaded.data.settings : undefined;
  const shown = (k: string): string =>
    form[k] ??
    (saved ? String(k === 'idleLockSeconds' ? saved.idleLockSeconds : saved.timerMinutes[k as TimerId]) : '');
  const fields = fieldProblems(error);

  async function save(e: FormEvent) {
    e.preventDefault();
    // Sent as typed (a number where one was typed): the server says which field is wrong and why.
    const value = (k: string) => {
      const v = shown(k);
      return v.trim() === '' || Number.isNaN(Number(v)) ? v : Number(v);
    };
    const body = {
      timerMinutes: Object.fromEntries(TIMER_IDS.map((id) => [id, value(id)])),
      idleLockSeconds: value('idleLockSeconds'),
      timeZone: form.timeZone ?? saved?.timeZone,
      blockUnsignedCards: form.blockUnsignedCards ? form.blockUnsignedCards === 'true' : saved?.blockUnsignedCards,
    };
    try {
      await account!.sendJson<{ settings: SiteSettings }>('PUT', '/api/admin/site-settings', body);
      setError(null);
      setDone(true);
      setForm({});
      void reload();
    } catch (err) {
      setError(err);
      setDone(false);
    }
  }
  const input = (key: string, path: string, unit: string, bounds: { min: number; max: number }, def?: number) => (
    <label className="field" key={key}>
      <span>{t(`admin.settings.${key}`)}</span>
      <span className="row">
        <input
          type="number"
          inputMode="numeric"
          name={key}
          min={bounds.min}
          max={bounds.max}
          step={1}
          value={shown(key)}
          aria-invalid={fields[path] ? true : undefined}
          onChange={(e) => setForm((f) => ({ ...f, [key]: e.target.value }))}
        />
        <span>{unit}</span>
      </span>
      <span className="muted small">{t('admin.settings.range', { ...bounds, unit, standard: def })}</span>
      {fields[path] && <span className="error-text">{fields[path]}</span>}
    </label>
  );
  return (
    <section className="stack" aria-labelledby="admin-settings">
      <h2 id="admin-settings">{t('admin.settings.title')}</h2>
      <LoadState loaded={loaded} retry={() => void reload()} />
      {loaded.state === 'ready' && (
        <form className="card stack" noValidate onSubmit={(e) => void save(e)}>
          <p className="muted">{t('admin.settings.help')}</p>
          {done && (
            <p className="banner" role="status">
              {t('admin.settings.saved')}
            </p>
          )}
          {error !== null && <Problem error={error} />}
          <div className="form-grid">
            {TIMER_IDS.map((id) =>
              input(
                id,
                `timerMinutes.${id}`,
                t('admin.settings.minutes'),
                TIMER_MINUTE_BOUNDS[id],
                loaded.data.defaults.timerMinutes[id],
              ),
            )}
            {input('idleLockSeconds', 'idleLockSeconds', t('admin.settings.seconds'), IDLE_LOCK_BOUNDS)}
            <label className="field">
              <span>{t('admin.settings.timeZone')}</span>
              <input
                name="timeZone"
                list="site-time-zones"
                autoComplete="off"
                spellCheck={false}
                value={form.timeZone ?? saved?.timeZone ?? ''}
                aria-invalid={fields.timeZone ? true : undefined}
                onChange={(e) => setForm((f) => ({ ...f, timeZone: e.target.value }))}
              />
              <datalist id="site-time-zones">
                {ZONES.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
              <span className="muted small">{t('admin.settings.timeZoneHelp')}</span>
              {fields.timeZone && <span className="error-text">{fields.timeZone}</span>}
            </label>
          </div>
          <label className="row">
            <input
              type="checkbox"
              name="blockUnsignedCards"
              checked={(form.blockUnsignedCards ?? String(saved?.blockUnsignedCards ?? false)) === 'true'}
              onChange={(e) => setForm((f) => ({ ...f, blockUnsignedCards: String(e.target.checked) }))}
            />
            <span>{t('admin.settings.blockUnsignedCards')}</span>
          </label>
          {loaded.data.updatedAt !== null && (
            <p className="muted small">
              {t('admin.settings.updatedAt', { time: formatDateTime(loaded.data.updatedAt) })}
            </p>
          )}
          <div className="row">
            <button type="submit" className="btn btn-primary">
              {t('admin.settings.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
