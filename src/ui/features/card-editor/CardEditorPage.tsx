// The card editor (admins, tablet or desktop): every step and item of a card, validated live by the
// engine's own validator with each message beside its field, undo and redo, texts in every staff
// language, and the submit panel. Online only: drafts live on the department server.
import i18next from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { can } from '../../../domain/auth/roles';
import { errorsByField } from '../../../domain/sop/sop.error-fields';
import { validateSop } from '../../../domain/sop/sop.validate';
import { ServerSessionNotice } from '../../components/ServerSession';
import { useServices } from '../../services';
import { LoadState } from '../../components/LoadState';
import { insertStep, type Draft } from './draft-edits';
import { CardActions } from './CardActions';
import { EditorCtx, messagesAt } from './editor-context';
import { PreviewPanel } from './PreviewPanel';
import { StaffTexts } from './StaffTexts';
import { StepEditor } from './StepEditor';
import { SubmitPanel } from './SubmitPanel';
import { useCardDraft } from './use-card-draft';

const hasText = (d: Draft) => (key: string) =>
  Object.values(d.messages ?? {}).some((m) => key in m) || i18next.exists(key, { ns: 'sop', lng: 'en' });

export default function CardEditorPage({ sopId }: { sopId: string }) {
  const { account } = useServices();
  const { t } = useTranslation();
  const editor = useCardDraft(sopId);
  const draft = editor.draft.state === 'ready' ? editor.draft.history.present : undefined;
  const errors = useMemo(() => {
    if (!draft) return new Map<string, string[]>();
    const v = validateSop(draft, { hasText: hasText(draft) });
    return v.ok ? new Map<string, string[]>() : errorsByField(v.errors, draft);
  }, [draft]);
  if (!account || !can(account.role, 'sops.edit'))
    return (
      <p className="banner banner-error" role="alert" data-forbidden>
        {t('editor.forbidden')}
      </p>
    );
  if (editor.draft.state !== 'ready' || !draft)
    return (
      <LoadState
        loaded={editor.draft.state === 'error' ? editor.draft : { state: 'loading' }}
        retry={() => void editor.reload()}
      />
    );
  const { history, saved } = editor.draft;
  const errorCount = [...errors.values()].reduce((n, m) => n + m.length, 0);
  const cardLevel = [...messagesAt(errors, ''), ...messagesAt(errors, 'start'), ...messagesAt(errors, 'steps')];
  return (
    <EditorCtx.Provider value={{ draft, change: editor.change, errors }}>
      <div className="stack card-editor">
        <div className="row">
          <h1>{t('editor.editTitle', { id: sopId })}</h1>
          <span className="spacer" />
          <button type="button" className="btn" disabled={!history.past.length} onClick={editor.undo}>
            {t('editor.undo')}
          </button>
          <button type="button" className="btn" disabled={!history.future.length} onClick={editor.redo}>
            {t('editor.redo')}
          </button>
          <Link href="/editor" className="btn">
            {t('editor.back')}
          </Link>
        </div>
        <ServerSessionNotice />
        <p className="muted">
          {saved
            ? t('editor.draftOf', { version: saved.baseVersion ?? '—' })
            : t('editor.newDraft', { version: draft.version })}
        </p>
        <p className={errorCount ? 'banner banner-error' : 'banner'} role="status" data-valid={errorCount === 0}>
          {errorCount ? t('editor.invalid', { count: errorCount }) : t('editor.valid')}
        </p>
        {cardLevel.length > 0 && (
          <ul className="error-text" data-card-errors>
            {cardLevel.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        )}
        {draft.steps.map((s, i) => (
          <StepEditor key={`${i}-${s.id}`} index={i} onAddAfter={() => editor.change(insertStep(draft, i))} />
        ))}
        <StaffTexts />
        <PreviewPanel draft={draft} save={() => editor.save(draft, saved?.changeNote ?? '')} />
        <SubmitPanel draft={draft} errorCount={errorCount} saved={saved} save={editor.save} />
        <CardActions sopId={sopId} onDrafted={() => void editor.reload()} />
      </div>
    </EditorCtx.Provider>
  );
}
