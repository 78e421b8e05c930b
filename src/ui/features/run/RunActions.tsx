// The action bar under the step card. Every button asks the compiled machine (snapshot.can) whether
// the move is allowed; the blocker text comes from the same domain rule the machine's guard uses.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { nextBlockers, type Blocker } from '../../../domain/run/run.blockers';
import { canApply, type RunSnapshot } from '../../../domain/run/run.engine';
import type { RunCommand, RunContext } from '../../../domain/run/run.types';
import type { TimerId } from '../../../domain/sop/sop.schema';
import { resolveNext, stepOf, type SopIndex } from '../../../domain/sop/sop.index';
import { formatCountdown, timerStatus } from '../../../domain/timers/timers';
import { ReasonDialog } from '../../components/ReasonDialog';

type Dialog = 'skip' | 'fastPath' | 'earlyClose' | null;
type Props = {
  index: SopIndex;
  snapshot: RunSnapshot;
  now: number;
  dispatch: (c: RunCommand) => Promise<boolean>;
  /** Rules kept outside the run's own log (the image-QC decision): Next waits for them too. */
  extraBlockers?: readonly Blocker[];
  /** A scored practice run: Next stays tappable with checks open, so the refusal is recorded and scored. */
  practice?: boolean;
};

const PROBE = 'probe'; // a stand-in reason: asks the machine whether the move exists at all

export function RunActions({ index, snapshot, now, dispatch, extraBlockers = [], practice }: Props) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<Dialog>(null);
  const ctx = snapshot.context;
  const step = stepOf(index, ctx.path.at(-1)!);
  const blockers = [...nextBlockers(index, ctx, now), ...extraBlockers];
  const finishing = resolveNext(index, step, ctx.answers) === 'complete';
  const can = (c: RunCommand) => canApply(snapshot, { ...c, at: now });
  const observation = blockers.find((b) => b.kind === 'observation');
  const onlyObservation = observation && blockers.length === 1;
  const close = () => setDialog(null);
  const run = (c: RunCommand) => void dispatch(c).then((ok) => ok && close());

  return (
    <>
      {blockers.length > 0 && <BlockerText blockers={blockers} index={index} ctx={ctx} now={now} />}
      <div className="actionbar">
        <button
          type="button"
          className="btn"
          disabled={!can({ type: 'back' })}
          onClick={() => void dispatch({ type: 'back' })}
        >
          ← {t('run.back')}
        </button>
        {step.skippable && (
          <button
            type="button"
            className="btn"
            disabled={!can({ type: 'skip', reason: PROBE })}
            onClick={() => setDialog('skip')}
          >
            {t('run.skip')}
          </button>
        )}
        {step.emergencySkip && (
          <button
            type="button"
            className="btn btn-danger"
            disabled={!can({ type: 'fastPath', reason: PROBE })}
            onClick={() => setDialog('fastPath')}
          >
            ⚡ {t('run.fastPath')}
          </button>
        )}
        <span className="spacer" />
        {onlyObservation && (
          <button type="button" className="btn btn-danger" onClick={() => setDialog('earlyClose')}>
            {t('run.closeEarly')}
          </button>
        )}
        <button
          type="button"
          className="btn btn-primary btn-big"
          disabled={(!practice && !can({ type: 'next' })) || extraBlockers.length > 0}
          onClick={() => extraBlockers.length === 0 && void dispatch({ type: 'next' })}
        >
          {finishing ? t('run.complete') : t('run.next')} →
        </button>
        {dialog === 'skip' && (
          <ReasonDialog
            title={t('run.skipTitle')}
            confirmLabel={t('run.skip')}
            onClose={close}
            onConfirm={(reason) => run({ type: 'skip', reason })}
          />
        )}
        {dialog === 'fastPath' && (
          <ReasonDialog
            danger
            title={t('run.fastPathTitle')}
            explanation={t('run.fastPathExplain')}
            confirmLabel={t('run.fastPath')}
            onClose={close}
            onConfirm={(reason) => run({ type: 'fastPath', reason })}
          />
        )}
        {dialog === 'earlyClose' && (
          <ReasonDialog
            danger
            title={t('run.closeEarlyTitle')}
            explanation={t('run.closeEarlyExplain')}
            confirmLabel={t('run.complete')}
            onClose={close}
            onConfirm={(reason) => run({ type: 'next', earlyCloseReason: reason })}
          />
        )}
      </div>
    </>
  );
}

function BlockerText({
  blockers,
  index,
  ctx,
  now,
}: {
  blockers: Blocker[];
  index: SopIndex;
  ctx: RunContext;
  now: number;
}) {
  const { t } = useTranslation();
  const labels = (ids: string[]) => ids.map((id) => t(index.items.get(id)!.label, { ns: 'sop' })).join('; ');
  const left = (id: TimerId) => {
    const timer = ctx.timers[id];
    return timer ? formatCountdown(Math.max(0, timerStatus(timer, now).remainingMs)) : '';
  };
  const parts = blockers.map((b) => {
    if (b.kind === 'required') return t('run.stillNeeded', { items: labels(b.items) });
    if (b.kind === 'record')
      return t('run.recordMissing', { fields: b.fields.map((f) => t(`record.${f}`)).join(', ') });
    if (b.kind === 'imageQc') return t('run.imageQcMissing');
    if (b.kind === 'timer')
      return t(b.endsAt === undefined ? 'run.waitsForTimerStart' : 'run.waitsForTimer', {
        items: labels(b.items),
        timer: t(`timer.${b.timer}`),
        time: left(b.timer),
      });
    return t('run.observationRunning', { time: left('contrastObservation') });
  });
  return (
    <p className="blockers" role="status" aria-live="polite">
      {parts.join(' · ')}
    </p>
  );
}
