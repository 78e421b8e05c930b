// A run's step card. The run row (snapshot) is read live from the database, so what is on screen
// is always what is stored: a reload or a crash shows exactly the same step and answers. Reopening a
// run draws the row this key last sealed or opened (and the library last built) at once; the live
// query then confirms or replaces it. The audit write waits for the first frame.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { RunRow } from '../../../db/db';
import { cachedRun } from '../../../db/run-codec';
import { getRun } from '../../../db/runs.queries';
import { IMAGE_QC_STEP, imageQcBlockers } from '../../../domain/run/run.blockers';
import { machineFor, restoreRun } from '../../../domain/run/run.engine';
import { indexSop, isRequired, stepOf } from '../../../domain/sop/sop.index';
import type { SopDefinition } from '../../../domain/sop/sop.schema';
import { afterFirstFrame } from '../../after-frame';
import { Loading } from '../../components/Loading';
import { useNow } from '../../hooks/use-now';
import { useSopLibrary } from '../../hooks/use-sop-library';
import { useServices } from '../../services';
import { CancelRunButton } from './CancelRunButton';
import { ContrastWarning } from './ContrastWarning';
import { IdentityCheck } from './IdentityCheck';
import { ImageQcPanel } from './ImageQcPanel';
import { ItemField } from './ItemField';
import { itemLocked, itemNote } from './item-state';
import { RunActions } from './RunActions';
import { RunHeaderStrip } from './RunHeader';
import { RunProgress } from './RunProgress';
import { BookedRunHandoff } from './RunHandoff';
import { RunRecord } from './RunRecord';
import { RunReview } from './RunReview';
import { TurnToPatientButton } from './TurnToPatientButton';
import { useRunDispatch } from './use-run-dispatch';

/** Steps after contrast where a reaction is looked for: the adverse-event report is one tap away. */
const CONTRAST_REPORT_STEPS = new Set(['observation', 'contrastReaction']);
/** A card that gives contrast (it records the agent): its screening shows a prior reaction. */
const usesContrast = (sop: SopDefinition) => sop.steps.some((s) => s.items.some((i) => i.id === 'contrastAgent'));

export default function RunPage({ id }: { id: string }) {
  const { db, vault, runs } = useServices();
  // Every opening of a patient's run is in the audit trail (who, when, which run; never who the patient is).
  // Not cancelled on unmount: the run was opened, even if left before the frame.
  useEffect(() => afterFirstFrame(() => void runs.recordAudit('run.view', id).catch(() => undefined)), [runs, id]);
  const { t } = useTranslation();
  const cached = useMemo(() => cachedRun(vault, id), [vault, id]);
  const row = useLiveQuery(async () => (await getRun(db, vault, id)) ?? null, [db, vault, id], cached);
  const library = useSopLibrary();
  if (row === undefined || !library) return <Loading />;
  if (row === null)
    return (
      <p className="banner banner-error">
        {t('run.notFound')} <Link href="/">{t('nav.worklist')}</Link>
      </p>
    );
  const sop = library.lookup(row.header.sop.id, row.header.sop.version);
  if (!sop)
    return (
      <p className="banner banner-error">
        {t('run.sopMissing', { id: row.header.sop.id, version: row.header.sop.version })}
      </p>
    );
  return <RunView row={row} sop={sop} />;
}

function RunView({ row: stored, sop }: { row: RunRow; sop: SopDefinition }) {
  const { t } = useTranslation();
  const { demo } = useServices();
  const now = useNow(1000);
  const index = useMemo(() => indexSop(sop), [sop]);
  const { dispatch, error, row, saving } = useRunDispatch(stored, sop);
  const snapshot = useMemo(() => restoreRun(machineFor(sop), row.state), [sop, row.state]);
  const ctx = snapshot.context;
  const active = row.status === 'active';
  const step = stepOf(index, ctx.path.at(-1)!);

  return (
    <div className="stack">
      <RunHeaderStrip
        header={row.header}
        sop={sop}
        ctx={ctx}
        now={now}
        actions={
          active && (
            <>
              {row.header.kind === 'exam' && <TurnToPatientButton header={row.header} />}
              <CancelRunButton dispatch={dispatch} qc={row.header.kind === 'qc'} />
            </>
          )
        }
      />
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      <RunReview row={row} index={index} />
      <div className="grid-2">
        {active ? (
          <section className="card stack" aria-labelledby="step-title" data-step={step.id}>
            <h1 id="step-title" className="step-title">
              {t(step.title, { ns: 'sop' })}
            </h1>
            {step.id === 'screening' && row.header.patient && usesContrast(sop) && (
              <ContrastWarning patientId={row.header.patient.patientId} runId={row.id} />
            )}
            {step.body && <p className="step-body">{t(step.body, { ns: 'sop' })}</p>}
            {step.id === 'identity' && row.header.booking && <IdentityCheck runId={row.id} header={row.header} />}
            {demo && <demo.StepNote sopId={sop.id} stepId={step.id} />}
            {step.breathHold && (
              <p className="banner banner-info">{t('run.breathHold', { seconds: step.breathHold.holdSeconds })}</p>
            )}
            {step.items.map((item) => (
              <div
                className="item"
                key={`${step.id}:${item.id}`}
                data-item={item.id}
                data-saving={saving.has(item.id) || undefined}
              >
                <ItemField
                  item={item}
                  answers={ctx.answers}
                  required={isRequired(index, item, ctx.answers)}
                  disabled={!active || itemLocked(snapshot, item, now)}
                  note={itemNote(item, ctx, now, t)}
                  onAnswer={(value) => void dispatch({ type: 'answer', itemId: item.id, value })}
                />
                {saving.has(item.id) && <span className="saving-mark small muted">{t('run.saving')}</span>}
              </div>
            ))}
            {CONTRAST_REPORT_STEPS.has(step.id) && (
              <Link href={`/quality?report=${row.id}`} className="btn btn-danger" data-report-adverse>
                ⚠ {t('run.reportAdverse')}
              </Link>
            )}
            {step.id === IMAGE_QC_STEP && row.header.kind === 'exam' ? (
              <ImageQcPanel runId={row.id} header={row.header}>
                {(decided) => (
                  <RunActions
                    index={index}
                    snapshot={snapshot}
                    now={now}
                    dispatch={dispatch}
                    extraBlockers={imageQcBlockers(step.id, ctx.kind, decided)}
                    practice={demo?.practice?.isPractice(row.id)}
                  />
                )}
              </ImageQcPanel>
            ) : (
              <RunActions
                index={index}
                snapshot={snapshot}
                now={now}
                dispatch={dispatch}
                practice={demo?.practice?.isPractice(row.id)}
              />
            )}
          </section>
        ) : (
          <div className="stack">
            <RunRecord row={row} index={index} />
            {row.header.booking && row.status === 'completed' && (
              <BookedRunHandoff runId={row.id} timer={ctx.timers.reportHandoff} now={now} />
            )}
          </div>
        )}
        <aside className="card stack">
          <h2>{t('run.steps')}</h2>
          <RunProgress sop={sop} ctx={ctx} active={active} />
          <Link href="/" className="btn">
            {t('nav.worklist')}
          </Link>
        </aside>
      </div>
    </div>
  );
}
