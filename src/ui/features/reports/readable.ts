// What a QA lead reads: people by name, exam types by card title, local times, actions in words,
// never bare UUIDs or epoch milliseconds. Names come from this tablet's user directory and the
// runs it holds (their non-identifying summaries); anything unknown stays as it is.
import { useLiveQuery } from 'dexie-react-hooks';
import type { TFunction } from 'i18next';
import { directoryUsers } from '../../../db/keyring.repo';
import type { ScanCardDb } from '../../../db/db';
import type { Scanner } from '../../../domain/scanners/scanner';
import type { SopLibrary } from '../../hooks/use-sop-library';
import { formatDateTime } from '../../format';

export type Names = {
  user(id: string | null | undefined): string;
  card(id: string, version?: number): string;
  /** A scanner by its label ("CT 1"), not its id ("ct-1"). */
  scanner(id: string | null | undefined): string;
  subject(subject: string | undefined): string;
};

export function useNames(
  db: ScanCardDb,
  library: SopLibrary | undefined,
  scanners: readonly Scanner[],
  t: TFunction,
): Names {
  const users = useLiveQuery(() => directoryUsers(db), [db]) ?? [];
  const runs = useLiveQuery(() => db.runs.toArray(), [db]) ?? [];
  const userName = (id: string | null | undefined) => (id && users.find((u) => u.id === id)?.displayName) || id || '—';
  const card = (id: string, version?: number) => {
    const sop = library?.all.find((s) => s.id === id && (version === undefined || s.version === version));
    return sop
      ? `${t(sop.title, { ns: 'sop' })}${version ? ` v${version}` : ''}`
      : `${id}${version ? ` v${version}` : ''}`;
  };
  const scanner = (id: string | null | undefined) => (id && scanners.find((x) => x.id === id)?.label) || id || '';
  const subject = (s: string | undefined) => {
    if (!s) return '';
    const run = runs.find((r) => r.id === s);
    if (run)
      return `${card(run.summary.sop.id)} · ${scanner(run.summary.scanner)} · ${formatDateTime(run.summary.arrivedAt)}`;
    if (users.some((u) => u.id === s)) return userName(s);
    const scannerId = /^scanner:(.+)$/.exec(s)?.[1];
    if (scannerId) return scanner(scannerId);
    const sop = /^([a-z][\w-]*)@(\d+)$/.exec(s);
    if (sop) return card(sop[1]!, Number(sop[2]));
    if (s === 'exam-records') return t('reports.subject.examRecords');
    return s;
  };
  return { user: userName, card, scanner, subject };
}
