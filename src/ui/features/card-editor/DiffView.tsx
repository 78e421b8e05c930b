// A step-level diff in the words a reviewer checks (steps added, removed, changed; per step what
// changed: items, required flags, ranges, branches, timers), never raw JSON of the whole card.
import { useTranslation } from 'react-i18next';
import type { FieldChange, SopDiff } from '../../../domain/sop/sop.diff';

const show = (v: unknown) => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

export function DiffView({ diff }: { diff: SopDiff }) {
  const { t } = useTranslation();
  const none = !diff.steps.length && !diff.card.length && !diff.reordered;
  return (
    <section className="card stack editor-diff" aria-labelledby="editor-diff">
      <h2 id="editor-diff">{t('editor.diff.title', { from: diff.from, to: diff.to })}</h2>
      {none && <p className="muted">{t('editor.diff.none')}</p>}
      {diff.reordered && <p>{t('editor.diff.reordered')}</p>}
      {diff.card.length > 0 && <Changes fields={diff.card} />}
      <ul className="stack">
        {diff.steps.map((s) => (
          <li key={s.step} data-diff-step={s.step} data-change={s.change} className={`diff-${s.change}`}>
            <strong>{t(`editor.diff.${s.change}`, { step: s.step })}</strong>
            {s.change === 'changed' && <Changes fields={s.fields} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Changes({ fields }: { fields: readonly FieldChange[] }) {
  const { t } = useTranslation();
  return (
    <table className="diff-fields">
      <tbody>
        {fields.map((f) => (
          <tr key={f.field}>
            <td>{t(`editor.change.${f.kind}`)}</td>
            <td>{f.field}</td>
            <td className="diff-before">{show(f.before)}</td>
            <td>→</td>
            <td className="diff-after">{show(f.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
