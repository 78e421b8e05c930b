// The card's texts in every staff language side by side. A card's own keys (under its id) are edited
// here; built-in texts are shown as they are (no card may redefine them); a missing text is flagged.
import i18next from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STAFF_LANGUAGES } from '../../staff-languages';
import { cardTextKeys } from './card-text-keys';
import { setText } from './draft-edits';
import { useEditor } from './editor-context';

export function StaffTexts() {
  const { t } = useTranslation();
  const { draft, change } = useEditor();
  const [, setLoaded] = useState(0);
  useEffect(() => {
    // Built-in card texts of every staff language, not only the one on screen.
    void i18next.loadLanguages(STAFF_LANGUAGES.map((l) => l.code)).then(() => setLoaded((n) => n + 1));
  }, []);
  const keys = cardTextKeys(draft);
  const own = (k: string) => k.startsWith(`${draft.id}.`);
  const builtIn = (k: string, lng: string) =>
    i18next.exists(k, { ns: 'sop', lng, fallbackLng: false })
      ? i18next.t(k, { ns: 'sop', lng, fallbackLng: false })
      : undefined;
  const missing = keys.flatMap((k) =>
    STAFF_LANGUAGES.filter((l) => !draft.messages?.[l.code]?.[k] && builtIn(k, l.code) === undefined).map(() => k),
  );
  return (
    <section className="card stack editor-texts" aria-labelledby="editor-texts">
      <h2 id="editor-texts">{t('editor.texts.title')}</h2>
      <p className={missing.length ? 'banner banner-warn' : 'muted'} role="status">
        {missing.length ? t('editor.texts.missing', { count: missing.length }) : t('editor.texts.complete')}
      </p>
      <table className="editor-text-table">
        <thead>
          <tr>
            <th>{t('editor.texts.key')}</th>
            {STAFF_LANGUAGES.map((l) => (
              <th key={l.code} lang={l.code}>
                {l.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k} data-text-key={k}>
              <td className="small">{k}</td>
              {STAFF_LANGUAGES.map((l) => {
                const mine = draft.messages?.[l.code]?.[k];
                const fixed = builtIn(k, l.code);
                const absent = mine === undefined && fixed === undefined;
                return (
                  <td key={l.code} lang={l.code} data-missing={absent || undefined}>
                    {own(k) ? (
                      <input
                        type="text"
                        aria-label={`${k} (${l.name})`}
                        aria-invalid={absent || undefined}
                        value={mine ?? ''}
                        placeholder={fixed ?? t('editor.texts.missingOne')}
                        onChange={(e) => change(setText(draft, l.code, k, e.target.value))}
                      />
                    ) : (
                      <span>{fixed ?? <strong className="error-text">{t('editor.texts.missingOne')}</strong>}</span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
