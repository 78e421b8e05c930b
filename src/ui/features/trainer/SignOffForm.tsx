// A trainer signs a trainee off on a card version: method, assessor (the signed-in trainer), date,
// device, result, attempt (the next one for this trainee and card), re-validation date (3 years by
// default) and the practice attempt it rests on. Recorded as training.signOff and synced.
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { InvalidEventError } from '../../../db/events.repo';
import { directoryUsers } from '../../../db/keyring.repo';
import type { TrainingRecords } from '../../../db/training.repo';
import {
  defaultRevalidateBy,
  SIGN_OFF_METHODS,
  SIGN_OFF_RESULTS,
  type SignOff,
} from '../../../domain/training/competency';
import { isoDate } from '../../format';
import type { SopLibrary } from '../../hooks/use-sop-library';
import { useServices } from '../../services';

type Form = Omit<SignOff, 'signOffId' | 'assessor' | 'sop' | 'attempt'> & { sopKey: string; revalidateEdited: boolean };

export function SignOffForm({ library, records }: { library: SopLibrary; records: TrainingRecords }) {
  const { t } = useTranslation('trainer');
  const { db, runs, user, now } = useServices();
  const users = useLiveQuery(() => directoryUsers(db), [db]);
  const today = isoDate(now());
  const [f, setF] = useState<Form>({
    trainee: '',
    sopKey: '',
    method: 'simulated',
    assessedOn: today,
    device: '',
    result: 'competent',
    revalidateBy: defaultRevalidateBy(today),
    revalidateEdited: false,
  });
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setF((o) => ({ ...o, [k]: v }));
  const sop = library.latest.find((s) => `${s.id}@${s.version}` === f.sopKey);
  const attempt = records.signOffs.filter((s) => s.trainee === f.trainee && s.sop.id === sop?.id).length + 1;
  const practice = records.attempts.filter((a) => a.trainee === f.trainee && a.sop.id === sop?.id).reverse();
  // "Competent" resting on a practice that did not pass: allowed (the trainer may have seen more), but said.
  const failedPractice = practice.find((a) => a.attemptId === f.practiceAttemptId && !a.passed);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const missing = [
      ...(f.trainee ? [] : [t('signOff.problem.trainee')]),
      ...(sop ? [] : [t('signOff.problem.card')]),
      ...(f.device.trim() ? [] : [t('signOff.problem.device')]),
      ...(f.revalidateBy > f.assessedOn ? [] : [t('signOff.problem.revalidateBy')]),
    ];
    setProblems(missing);
    setSaved(false);
    if (missing.length || !sop) return;
    const { trainee, method, assessedOn, result, revalidateBy, practiceAttemptId } = f;
    try {
      await runs.recordEvent('training.signOff', {
        trainee,
        method,
        assessedOn,
        result,
        revalidateBy,
        device: f.device.trim(),
        signOffId: crypto.randomUUID(),
        assessor: user,
        sop: { id: sop.id, version: sop.version },
        attempt,
        ...(practiceAttemptId && { practiceAttemptId }),
      } satisfies SignOff);
      setSaved(true);
    } catch (err) {
      setProblems([err instanceof InvalidEventError ? err.problems.join('; ') : String(err)]);
    }
  }

  return (
    <form className="card stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="signoff-title">
      <h2 id="signoff-title">{t('signOff.title')}</h2>
      {problems.length > 0 && (
        <ul className="banner banner-error" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {saved && (
        <p className="banner banner-info" role="status">
          {t('signOff.saved')}
        </p>
      )}
      <label className="stack">
        <span>{t('signOff.trainee')}</span>
        <select value={f.trainee} onChange={(e) => set('trainee', e.target.value)} name="trainee">
          <option value="">—</option>
          {(users ?? [])
            .filter((u) => u.active && u.id !== user)
            .map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName}
              </option>
            ))}
        </select>
      </label>
      <label className="stack">
        <span>{t('signOff.card')}</span>
        <select value={f.sopKey} onChange={(e) => set('sopKey', e.target.value)} name="card">
          <option value="">—</option>
          {library.latest.map((s) => (
            <option key={s.id} value={`${s.id}@${s.version}`}>
              {t(s.title, { ns: 'sop' })} (v{s.version})
            </option>
          ))}
        </select>
      </label>
      <div className="grid-2">
        <label className="stack">
          <span>{t('signOff.method')}</span>
          <select value={f.method} onChange={(e) => set('method', e.target.value as Form['method'])} name="method">
            {SIGN_OFF_METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`signOff.methods.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="stack">
          <span>{t('signOff.result')}</span>
          <select value={f.result} onChange={(e) => set('result', e.target.value as Form['result'])} name="result">
            {SIGN_OFF_RESULTS.map((r) => (
              <option key={r} value={r}>
                {t(`signOff.results.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="stack">
          <span>{t('signOff.assessedOn')}</span>
          <input
            type="date"
            name="assessedOn"
            value={f.assessedOn}
            max={today}
            onChange={(e) => {
              const d = e.target.value;
              setF((o) => ({
                ...o,
                assessedOn: d,
                ...(!o.revalidateEdited && d && { revalidateBy: defaultRevalidateBy(d) }),
              }));
            }}
          />
        </label>
        <label className="stack">
          <span>{t('signOff.revalidateBy')}</span>
          <input
            type="date"
            name="revalidateBy"
            value={f.revalidateBy}
            onChange={(e) => setF((o) => ({ ...o, revalidateBy: e.target.value, revalidateEdited: true }))}
          />
        </label>
      </div>
      <label className="stack">
        <span>{t('signOff.device')}</span>
        <input name="device" value={f.device} maxLength={100} onChange={(e) => set('device', e.target.value)} />
      </label>
      <label className="stack">
        <span>{t('signOff.practice')}</span>
        <select
          name="practice"
          value={f.practiceAttemptId ?? ''}
          onChange={(e) => set('practiceAttemptId', e.target.value || undefined)}
        >
          <option value="">—</option>
          {practice.map((a) => (
            <option key={a.attemptId} value={a.attemptId}>
              {isoDate(a.finishedAt)} · {a.score}/100 {a.passed ? '✓' : '✗'}
            </option>
          ))}
        </select>
      </label>
      {failedPractice && f.result === 'competent' && (
        <p className="banner banner-warn" role="status" data-failed-practice>
          {t('signOff.failedPractice', { score: failedPractice.score })}
        </p>
      )}
      <p className="small muted">{t('signOff.attempt', { attempt })}</p>
      <button type="submit" className="btn btn-primary">
        {t('signOff.submit')}
      </button>
    </form>
  );
}
