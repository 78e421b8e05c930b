// The SOP library: every card version on this tablet, export as JSON, import a JSON card.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SopDefinition } from '../../../domain/sop/sop.schema';
import { BUILT_IN_SOPS } from '../../../sops/library';
import { can } from '../../../domain/auth/roles';
import { Loading } from '../../components/Loading';
import { useSopLibrary } from '../../hooks/use-sop-library';
import { useServices } from '../../services';
import { exportSopJson, importSopJson, type ImportResult } from './import-sop';

export default function SopLibraryPage() {
  const { db, now, runs, account } = useServices();
  const mayEdit = !account || can(account.role, 'sops.edit'); // tests run without an account
  const { t } = useTranslation();
  const library = useSopLibrary();
  const [result, setResult] = useState<ImportResult | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  if (!library) return <Loading />;

  async function onFile(file: File | undefined) {
    if (!file) return;
    const result = await importSopJson(db, await file.text(), BUILT_IN_SOPS, now());
    if (result.ok && result.outcome === 'added')
      await runs.recordAudit('sop.edit', `${result.sop.id}@${result.sop.version}`, 'imported');
    setResult(result);
    if (fileRef.current) fileRef.current.value = '';
  }

  return (
    <div className="stack">
      <div className="row">
        <h1>{t('library.title')}</h1>
        <span className="spacer" />
        {mayEdit && (
          <label className="btn btn-primary">
            {t('library.import')}
            <input
              ref={fileRef}
              className="sr-only"
              type="file"
              accept="application/json,.json"
              onChange={(e) => void onFile(e.target.files?.[0])}
            />
          </label>
        )}
      </div>
      {result?.ok && (
        <p className="banner banner-info" role="status">
          {t(result.outcome === 'added' ? 'library.imported' : 'library.unchanged', {
            title: t(result.sop.title, { ns: 'sop' }),
            version: result.sop.version,
          })}
        </p>
      )}
      {result && !result.ok && (
        <div className="banner banner-error" role="alert" style={{ display: 'block' }}>
          <p style={{ margin: 0 }}>{t('library.rejected')}</p>
          <ul>
            {result.errors.map((e, i) => (
              <li key={i}>
                <code>{e.path || t('library.wholeCard')}</code>: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {[...library.all]
        .sort((a, b) => a.id.localeCompare(b.id) || b.version - a.version)
        .map((sop) => (
          <SopCard key={`${sop.id}@${sop.version}`} sop={sop} />
        ))}
    </div>
  );
}

function SopCard({ sop }: { sop: SopDefinition }) {
  const { t } = useTranslation();
  const download = () => {
    const url = URL.createObjectURL(exportSopJson(sop));
    const a = Object.assign(document.createElement('a'), { href: url, download: `${sop.id}-v${sop.version}.json` });
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <article className="card stack" data-sop={`${sop.id}@${sop.version}`}>
      <div className="row">
        <h2 style={{ margin: 0 }}>{t(sop.title, { ns: 'sop' })}</h2>
        <span className="badge badge-routine">{sop.modality}</span>
        <span className="muted">
          v{sop.version} · {t('library.steps', { count: sop.steps.length })}
        </span>
        <span className="spacer" />
        <button type="button" className="btn" onClick={download}>
          {t('library.export')}
        </button>
      </div>
      {sop.description && (
        <p className="muted" style={{ margin: 0 }}>
          {t(sop.description, { ns: 'sop' })}
        </p>
      )}
      {sop.siteMustConfirm?.length ? (
        <details>
          <summary style={{ minHeight: 48, cursor: 'pointer' }}>
            {t('library.siteMustConfirm', { count: sop.siteMustConfirm.length })}
          </summary>
          <ul>
            {sop.siteMustConfirm.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </article>
  );
}
