import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunCommand } from '../../../domain/run/run.types';
import { ReasonDialog } from '../../components/ReasonDialog';

/** Cancelling (patient left, exam called off) needs a reason; kept away from "back" and "next". */
export function CancelRunButton({ dispatch, qc }: { dispatch: (c: RunCommand) => Promise<boolean>; qc?: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn btn-danger" onClick={() => setOpen(true)}>
        {t(qc ? 'run.cancelQc' : 'run.cancelRun')}
      </button>
      {open && (
        <ReasonDialog
          danger
          title={t(qc ? 'run.cancelQcTitle' : 'run.cancelTitle')}
          confirmLabel={t(qc ? 'run.cancelQc' : 'run.cancelRun')}
          dismissLabel={t('run.keepRun')}
          onClose={() => setOpen(false)}
          onConfirm={(reason) => void dispatch({ type: 'cancel', reason }).then((ok) => ok && setOpen(false))}
        />
      )}
    </>
  );
}
