// The end of a practice run: the score, pass or fail, and a review row per step (time, refused moves,
// missed checks, wrong answers, wrong branch, skips, traps), scored by the domain against the
// scenario. The attempt's summary is recorded once on the clinical database and synced as training.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { getRun } from '../../../db/runs.queries';
import type { PracticeAttemptSummary } from '../../../domain/events/training.events';
import { scorePractice, type PracticeScore } from '../../../domain/training/scoring';
import { Loading } from '../../components/Loading';
import { useSopLibrary } from '../../hooks/use-sop-library';
import { useServices } from '../../services';
import { practiceSession, usePracticeSession, type PracticeSession } from './practice-session';
import { scenarioText } from './use-scenarios';

export function attemptSummary(s: PracticeSession, score: PracticeScore, trainee: string, finishedAt: number) {
  return {
    attemptId: s.attemptId ?? crypto.randomUUID(),
    trainee,
    scenarioId: s.scenario.id,
    sop: s.sop,
    score: score.score,
    passed: score.passed,
    startedAt: s.startedAt,
    finishedAt,
    steps: score.steps.map((r) => ({
      stepId: r.stepId,
      seconds: r.seconds,
      refused: r.refused,
      missed: r.missedChecks.length,
      wrong: r.wrongAnswers.length + (r.wrongBranch ? 1 : 0),
      verdict: r.verdict,
    })),
  } satisfies PracticeAttemptSummary;
}

export default function PracticeResult() {
  const { t, i18n } = useTranslation('trainer');
  const { db, vault, now, user, demo } = useServices();
  const session = usePracticeSession();
  const library = useSopLibrary();
  const run = useLiveQuery(
    async () => (session ? ((await getRun(db, vault, session.runId)) ?? null) : null),
    [db, vault, session?.runId],
  );
  const finishedAt = useMemo(() => session?.finishedAt ?? now(), [session, now]);
  const score = useMemo(
    () =>
      session && run !== undefined
        ? scorePractice(session.scenario, {
            startedAt: session.startedAt,
            finishedAt,
            moves: session.moves,
            completed: run?.status === 'completed',
          })
        : undefined,
    [session, run, finishedAt],
  );
  useEffect(() => {
    if (!session || !score || session.attemptId || !demo) return;
    const summary = attemptSummary(session, score, user, finishedAt);
    practiceSession.finish(finishedAt, summary.attemptId);
    void demo.recordTraining('training.attempt', summary);
  }, [session, score, demo, user, finishedAt]);

  if (!session) return <p className="muted">{t('practice.none')}</p>;
  if (!score) return <Loading />;
  const card = library?.lookup(session.sop.id, session.sop.version);
  const stepTitle = (id: string) => {
    const key = card?.steps.find((s) => s.id === id)?.title;
    return key ? t(key, { ns: 'sop' }) : id;
  };
  // The trainee sees the question and the answers as the card words them, not their ids.
  const itemOf = (stepId: string, itemId: string) =>
    card?.steps.find((s) => s.id === stepId)?.items.find((i) => i.id === itemId);
  const itemLabel = (stepId: string, itemId: string) => {
    const item = itemOf(stepId, itemId);
    return item ? t(item.label, { ns: 'sop' }) : itemId;
  };
  const answer = (stepId: string, itemId: string, value: unknown) => {
    if (value === undefined || value === null) return '—';
    const item = itemOf(stepId, itemId);
    if (item?.kind === 'yesno' || item?.kind === 'check')
      return t(value === true ? 'common.answer.yes' : 'common.answer.no', { ns: 'sop' });
    const option = item?.kind === 'choice' ? item.options.find((o) => o.value === value) : undefined;
    return option ? t(option.label, { ns: 'sop' }) : String(value);
  };
  return (
    <div className="stack" data-practice-result>
      <h1>{scenarioText(session.scenario.title, i18n.language)}</h1>
      <p className={score.passed ? 'banner banner-info' : 'banner banner-error'} role="status" data-score={score.score}>
        {t(score.passed ? 'practice.passed' : 'practice.failed', { score: score.score, mark: score.passMark })} ·{' '}
        {t('practice.totalTime', { seconds: score.totalSeconds })}
      </p>
      <table className="table" aria-label={t('practice.review')}>
        <thead>
          <tr>
            <th>{t('practice.col.step')}</th>
            <th>{t('practice.col.time')}</th>
            <th>{t('practice.col.findings')}</th>
            <th>{t('practice.col.verdict')}</th>
          </tr>
        </thead>
        <tbody>
          {score.steps.map((r, i) => (
            <tr key={`${r.stepId}-${i}`} data-review-step={r.stepId} data-verdict={r.verdict}>
              <td>{stepTitle(r.stepId)}</td>
              <td>
                {r.seconds} s{r.overTime ? ` · ${t('practice.overTime')}` : ''}
              </td>
              <td>
                <ul className="small">
                  {r.refused > 0 && <li>{t('practice.refused', { count: r.refused })}</li>}
                  {r.missedChecks.length > 0 && (
                    <li>
                      {t('practice.missed', { items: r.missedChecks.map((i) => itemLabel(r.stepId, i)).join(', ') })}
                    </li>
                  )}
                  {r.wrongAnswers.map((w) => (
                    <li key={w.item}>
                      {t('practice.wrong', {
                        item: itemLabel(r.stepId, w.item),
                        expected: answer(r.stepId, w.item, w.expected),
                        given: answer(r.stepId, w.item, w.given),
                      })}
                    </li>
                  ))}
                  {r.wrongBranch && <li>{t('practice.wrongBranch', { step: stepTitle(r.wrongBranch) })}</li>}
                  {r.unexpectedSkip && <li>{t('practice.skip', { move: r.moveTaken })}</li>}
                  {r.trapMissed && <li>{t('practice.trap')}</li>}
                </ul>
              </td>
              <td>{t(`practice.verdict.${r.verdict}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {score.notReached.length > 0 && (
        <p className="banner banner-warn">
          {t('practice.notReached', { steps: score.notReached.map(stepTitle).join(', ') })}
        </p>
      )}
      <p className="muted small">{t('practice.recorded')}</p>
      <div className="row">
        <Link href="/practice" className="btn" onClick={() => practiceSession.end()}>
          {t('practice.again')}
        </Link>
      </div>
    </div>
  );
}
