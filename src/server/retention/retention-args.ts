// `retention --older-than-days N --mode archive|erase [--dry-run]`, and the site setting behind it:
// SCANCARD_RETENTION_DAYS (unset: retention is off). Without --older-than-days the setting's age is
// used; an age below the setting is refused, so a typo cannot clear younger runs than the site keeps.
import type { RetentionMode } from '../store/retention.queries';

export const RETENTION_USAGE = 'retention --older-than-days N --mode archive|erase [--dry-run]';

export type RetentionArgs = { readonly olderThanDays: number; readonly mode: RetentionMode; readonly dryRun: boolean };

const days = (text: string | undefined, what: string): number => {
  const n = Number(text);
  if (!text || !/^\d+$/.test(text) || n < 1) throw new Error(`${what} must be a whole number of days, at least 1`);
  return n;
};

export function parseRetentionArgs(args: readonly string[], env: NodeJS.ProcessEnv): RetentionArgs {
  let olderThan: string | undefined;
  let mode: string | undefined;
  let dryRun = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value: ${RETENTION_USAGE}`);
      return v;
    };
    if (a === '--older-than-days') olderThan = value();
    else if (a === '--mode') mode = value();
    else if (a === '--dry-run') dryRun = true;
    else throw new Error(`unknown argument "${a}": ${RETENTION_USAGE}`);
  }
  if (mode !== 'archive' && mode !== 'erase') throw new Error(`--mode must be archive or erase: ${RETENTION_USAGE}`);
  const setting = env.SCANCARD_RETENTION_DAYS
    ? days(env.SCANCARD_RETENTION_DAYS, 'SCANCARD_RETENTION_DAYS')
    : undefined;
  if (olderThan === undefined && setting === undefined)
    throw new Error('retention is off: set SCANCARD_RETENTION_DAYS (the site setting) or pass --older-than-days');
  const olderThanDays = olderThan === undefined ? setting! : days(olderThan, '--older-than-days');
  if (setting !== undefined && olderThanDays < setting)
    throw new Error(
      `--older-than-days ${olderThanDays} is below the site's retention age (SCANCARD_RETENTION_DAYS=${setting})`,
    );
  return { olderThanDays, mode, dryRun };
}
