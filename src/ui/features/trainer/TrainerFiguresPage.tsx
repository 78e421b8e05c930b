// Trainer figures (trainers, QA leads, administrators): practice attempts and scores per trainee and
// card, the steps where trainees go wrong most (what the trainer notes should answer), and sign-offs
// lapsed or due for re-validation soon. Read from the department server (GET /api/training/figures):
// online only, since it counts every tablet's attempts.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { can } from '../../../domain/auth/roles';
import type { TrainingFigures } from '../../../domain/training/figures';
import { Loading } from '../../components/Loading';
import { useSopLibrary } from '../../hooks/use-sop-library';
import { useUserNames } from '../../hooks/use-user-names';
import { useServices } from '../../services';

type Loaded = TrainingFigures & { readonly today: string };

export default function TrainerFiguresPage() {
  const { t } = useTranslation('trainer');
  const { account } = useServices();
  const library = useSopLibrary();
  const nameOf = useUserNames();
  const [figures, setFigures] = useState<Loaded | 'failed'>();
  const allowed = account ? can(account.role, 'training.view') : false;
  useEffect(() => {
    if (!allowed || !account) return;
    let live = true;
    account.fetchJson<Loaded>('/api/training/figures').then(
      (f) => live && setFigures(f),
      () => live && setFigures('failed'),
    );
    return () => {
      live = false;
    };
  }, [account, allowed]);

  if (!allowed) return <p className="banner banner-warn">{t('figures.notAllowed')}</p>;
  if (figures === 'failed')
    return (
      <p className="banner banner-error" role="alert">
        {t('figures.offline')}
      </p>
    );
  if (!figures || !library) return <Loading />;
  const cardTitle = (id: string) => {
    const c = library.latest.find((s) => s.id === id);
    return c ? t(c.title, { ns: 'sop' }) : id;
  };
  const stepTitle = (sopId: string, stepId: string) => {
    const key = library.latest.find((s) => s.id === sopId)?.steps.find((s) => s.id === stepId)?.title;
    return key ? t(key, { ns: 'sop' }) : stepId;
  };
  const mistakes = [...figures.mistakes]
    .filter((m) => m.errors + m.refused + m.missed + m.wrong > 0)
    .sort((a, b) => b.errors - a.errors || b.refused + b.missed + b.wrong - (a.refused + a.missed + a.wrong));

  return (
    <div className="stack" data-trainer-figures>
      <div className="row">
        <h1>{t('figures.title')}</h1>
        <span className="spacer" />
        <Link href="/training" className="btn">
          {t('training.title')}
        </Link>
      </div>
      <section className="card stack" aria-labelledby="fig-trainees">
        <h2 id="fig-trainees">{t('figures.trainees')}</h2>
        {figures.trainees.length === 0 ? (
          <p className="muted">{t('figures.noAttempts')}</p>
        ) : (
          <table className="table" aria-labelledby="fig-trainees">
            <thead>
              <tr>
                <th>{t('figures.col.trainee')}</th>
                <th>{t('figures.col.card')}</th>
                <th>{t('figures.col.attempts')}</th>
                <th>{t('figures.col.passed')}</th>
                <th>{t('figures.col.scores')}</th>
              </tr>
            </thead>
            <tbody>
              {figures.trainees.flatMap((p) =>
                p.cards.map((c) => (
                  <tr key={`${p.trainee}-${c.sopId}`} data-trainee={p.trainee} data-sop={c.sopId}>
                    <td>{nameOf(p.trainee)}</td>
                    <td>{cardTitle(c.sopId)}</td>
                    <td>{c.attempts}</td>
                    <td>{c.passed}</td>
                    <td>{t('figures.scores', { mean: c.meanScore, best: c.bestScore, last: c.lastScore })}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        )}
      </section>
      <section className="card stack" aria-labelledby="fig-mistakes">
        <h2 id="fig-mistakes">{t('figures.mistakes')}</h2>
        {mistakes.length === 0 ? (
          <p className="muted">{t('figures.noMistakes')}</p>
        ) : (
          <table className="table" aria-labelledby="fig-mistakes">
            <thead>
              <tr>
                <th>{t('figures.col.step')}</th>
                <th>{t('figures.col.errors')}</th>
                <th>{t('figures.col.refused')}</th>
                <th>{t('figures.col.missed')}</th>
                <th>{t('figures.col.wrong')}</th>
              </tr>
            </thead>
            <tbody>
              {mistakes.map((m) => (
                <tr key={`${m.sopId}.${m.stepId}`} data-mistake={`${m.sopId}.${m.stepId}`}>
                  <td>
                    {cardTitle(m.sopId)} · {stepTitle(m.sopId, m.stepId)}
                  </td>
                  <td>{t('figures.errorsOf', { errors: m.errors, seen: m.seen })}</td>
                  <td>{m.refused}</td>
                  <td>{m.missed}</td>
                  <td>{m.wrong}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card stack" aria-labelledby="fig-due">
        <h2 id="fig-due">{t('figures.due')}</h2>
        {figures.due.length === 0 ? (
          <p className="muted">{t('figures.noneDue')}</p>
        ) : (
          <ul className="stack">
            {figures.due.map((d) => (
              <li key={`${d.trainee}-${d.sopId}`} data-due={d.state} data-trainee={d.trainee}>
                <strong>{nameOf(d.trainee)}</strong> · {cardTitle(d.sopId)} v{d.version} ·{' '}
                <span className={d.state === 'valid' ? '' : 'error-text'}>
                  {d.state === 'valid'
                    ? t('figures.dueIn', { days: d.daysLeft, date: d.revalidateBy })
                    : t(`training.state.${d.state}`)}
                </span>
                {d.reasons.length > 0 && ` (${d.reasons.map((r) => t(`training.lapse.${r}`)).join(', ')})`}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
