// Training records on the tablet: the sign-off form (trainers), and the standing sign-offs per person
// and per card with what has lapsed or is due. A technologist sees their own record only.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { can } from '../../../domain/auth/roles';
import { signOffStandings, type SignOffStanding } from '../../../domain/training/figures';
import { competencyRulesFor } from '../../../sops/training/competencies';
import { Loading } from '../../components/Loading';
import { isoDate } from '../../format';
import { useSopLibrary } from '../../hooks/use-sop-library';
import { useTrainingRecords } from '../../hooks/use-training';
import { useUserNames } from '../../hooks/use-user-names';
import { useServices } from '../../services';
import { SignOffForm } from './SignOffForm';

export default function TrainingPage() {
  const { t } = useTranslation('trainer');
  const { user, account, now } = useServices();
  const library = useSopLibrary();
  const records = useTrainingRecords();
  const nameOf = useUserNames();
  const [by, setBy] = useState<'person' | 'card'>('person');
  if (!library || !records) return <Loading />;
  const seesAll = account ? can(account.role, 'training.view') : false;
  const today = isoDate(now());
  const all = signOffStandings({
    attempts: records.attempts,
    signOffs: records.signOffs,
    current: (id) => library.latest.find((s) => s.id === id),
    sopVersion: library.lookup,
    rules: competencyRulesFor,
    today,
  });
  const standings = seesAll ? all : all.filter((s) => s.trainee === user);
  const cardTitle = (id: string) => {
    const c = library.latest.find((s) => s.id === id);
    return c ? t(c.title, { ns: 'sop' }) : id;
  };
  const groups = new Map<string, SignOffStanding[]>();
  for (const s of standings) {
    const key = by === 'person' ? s.trainee : s.sopId;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }

  return (
    <div className="stack">
      <div className="row">
        <h1>{t('training.title')}</h1>
        <span className="spacer" />
        {seesAll && (
          <Link href="/training/figures" className="btn">
            {t('figures.link')}
          </Link>
        )}
      </div>
      <div className="grid-2">
        {account && can(account.role, 'competency.signOff') && <SignOffForm library={library} records={records} />}
        <section className="card stack" aria-labelledby="standings-title">
          <h2 id="standings-title">{seesAll ? t('training.standings') : t('training.mine')}</h2>
          {seesAll && (
            <div className="choice-row">
              {(['person', 'card'] as const).map((k) => (
                <button key={k} type="button" className="btn" aria-pressed={by === k} onClick={() => setBy(k)}>
                  {t(`training.by.${k}`)}
                </button>
              ))}
            </div>
          )}
          {groups.size === 0 && <p className="muted">{t('training.none')}</p>}
          {[...groups].map(([key, list]) => (
            <div key={key} className="stack" data-group={key}>
              <h3>{by === 'person' ? nameOf(key) : cardTitle(key)}</h3>
              <ul className="stack">
                {list.map((s) => (
                  <li
                    key={`${s.trainee}-${s.sopId}`}
                    data-standing={s.state}
                    data-trainee={s.trainee}
                    data-sop={s.sopId}
                  >
                    <strong>{by === 'person' ? cardTitle(s.sopId) : nameOf(s.trainee)}</strong> v{s.version} ·{' '}
                    <span className={s.state === 'valid' ? '' : 'error-text'}>{t(`training.state.${s.state}`)}</span>
                    {s.reasons.length > 0 && ` (${s.reasons.map((r) => t(`training.lapse.${r}`)).join(', ')})`}
                    <div className="small muted">
                      {t('training.detail', {
                        assessedOn: s.assessedOn,
                        assessor: nameOf(s.assessor),
                        revalidateBy: s.revalidateBy,
                        days: s.daysLeft,
                      })}
                    </div>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      </div>
    </div>
  );
}
