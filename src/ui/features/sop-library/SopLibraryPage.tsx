// The SOP library: the current version of every card on this tablet (its steps readable before
// use), earlier versions kept for the exams pinned to them, export as JSON, import a JSON card.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SopDefinition } from '../../../domain/sop/sop.schema';
import { BUILT_IN_SOPS } from '../../../sops/library';
import { can } from '../../../domain/auth/roles';
import { Loading } from '../../components/Loading';
import { useSopLibrary } from '../../hooks/use-sop-library';
import { useServices } from '../../services';
import { exportSopJson, importSopJson, type ImportResult } from './import-sop';
import { whereInWords } from './sop-error-words';
import { SopSteps } from './SopSteps';

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
                <strong>{whereInWords(e.path, t)}</strong>: {e.message}
                <br />
                <span className="small">
                  {t('library.forExpert')} <code>{e.path || t('library.wholeCard')}</code>
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {[...library.latest]
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((sop) => (
          <SopCard
            key={sop.id}
            sop={sop}
            earlier={library.all.filter((s) => s.id === sop.id && s.version < sop.version)}
          />
        ))}
    </div>
  );
}

function SopCard({ sop, earlier }: { sop: SopDefinition; earlier: readonly SopDefinition[] }) {
  const { t } = useTranslation();
  return (
    <article className="card stack" data-sop={`${sop.id}@${sop.version}`}>
      <div className="row">
        <h2 style={{ margin: 0 }}>{t(sop.title, { ns: 'sop' })}</h2>
        <span className="badge badge-routine">{sop.modality}</span>
        <span className="muted">
          v{sop.version} · {t('library.steps', { count: sop.steps.length })}
        </span>
        <span className="spacer" />
        <ExportButton sop={sop} />
      </div>
      {sop.description && (
        <p className="muted" style={{ margin: 0 }}>
          {t(sop.description, { ns: 'sop' })}
        </p>
      )}
      <SopSteps sop={sop} />
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
      {earlier.length > 0 && (
        <details data-earlier>
          <summary style={{ minHeight: 48, cursor: 'pointer' }}>
            {t('library.earlier', { count: earlier.length })}
          </summary>
          {[...earlier]
            .sort((a, b) => b.version - a.version)
            .map((old) => (
              <div key={old.version} className="row" data-sop={`${old.id}@${old.version}`}>
                <span>v{old.version}</span>
                <span className="muted">{t('library.steps', { count: old.steps.length })}</span>
                <ExportButton sop={old} />
              </div>
            ))}
        </details>
      )}
    </article>
  );
}

function ExportButton({ sop }: { sop: SopDefinition }) {
  const { t } = useTranslation();
  const download = () => {
    const url = URL.createObjectURL(exportSopJson(sop));
    const a = Object.assign(document.createElement('a'), { href: url, download: `${sop.id}-v${sop.version}.json` });
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <button type="button" className="btn" onClick={download}>
      {t('library.export')} v{sop.version}
    </button>
  );
}
