// Sends a technologist's command to the run's log. Errors come back as text for the screen; the
// run itself is untouched when a write fails (one transaction per command).
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { InvalidEventError } from '../../../db/events.repo';
import { CommandRejectedError, StorageFullError } from '../../../db/storage-errors';
import type { RunCommand } from '../../../domain/run/run.types';
import { useServices } from '../../services';

export function useRunDispatch(runId: string) {
  const { runs } = useServices();
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const dispatch = useCallback(
    async (command: RunCommand): Promise<boolean> => {
      try {
        await runs.runCommand(runId, command);
        setError(null);
        return true;
      } catch (e) {
        if (e instanceof StorageFullError) setError(t('error.storageFull'));
        else if (e instanceof CommandRejectedError) setError(t('error.rejected'));
        else if (e instanceof InvalidEventError) setError(t('error.invalid', { problems: e.problems.join('; ') }));
        else setError(t('error.saveFailed', { message: e instanceof Error ? e.message : String(e) }));
        return false;
      }
    },
    [runs, runId, t],
  );
  return { dispatch, error };
}
