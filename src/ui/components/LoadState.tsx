// The loading and failed states every online-only screen (admin console, card editor) draws the same way.
import { useTranslation } from 'react-i18next';
import { problemText, type Loaded } from '../hooks/use-server-data';

export function LoadState({ loaded, retry }: { loaded: Loaded<unknown>; retry: () => void }) {
  const { t } = useTranslation();
  if (loaded.state === 'loading')
    return (
      <p className="muted" role="status" aria-busy="true">
        {t('admin.loading')}
      </p>
    );
  if (loaded.state === 'error') return <Problem error={loaded.error} retry={retry} />;
  return null;
}

export function Problem({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  const [first, ...rest] = problemText(error, t);
  return (
    <div className="banner banner-error" role="alert">
      <span>{first}</span>
      {rest.length > 0 && (
        <ul>
          {rest.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      {retry && (
        <button type="button" className="btn" onClick={retry}>
          {t('admin.retry')}
        </button>
      )}
    </div>
  );
}
