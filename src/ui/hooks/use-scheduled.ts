// The hospital's bookings for the worklist: read live from the tablet's sealed copy, refreshed from
// the server when the screen opens and after each successful sync. Offline, the kept copy is shown
// with the refresh error beside it.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { bookingSources, openBookings, replaceBookings, type StoredBooking } from '../../db/bookings.repo';
import { activeRuns } from '../../db/runs.queries';
import { hospitalLink } from '../../sync/hospital-link';
import { useServices } from '../services';
import { useSyncStatus } from './use-sync-status';

export type Scheduled = {
  /** undefined until the kept copy has been read. */
  readonly bookings: readonly StoredBooking[] | undefined;
  /** The last refresh failed (offline, no server session): what is shown is the kept copy. */
  readonly error?: string;
  /** At least one refresh has answered in this screen. */
  readonly fresh: boolean;
};

export function useScheduled(): Scheduled {
  const { db, vault, account, sync, now } = useServices();
  const synced = useSyncStatus(sync)?.lastSuccessAt;
  const records = useLiveQuery(() => bookingSources(db), [db]);
  const [bookings, setBookings] = useState<StoredBooking[]>();
  const [refresh, setRefresh] = useState<{ error?: string; fresh: boolean }>({ fresh: false });

  useEffect(() => {
    if (!account) return;
    let live = true;
    const link = hospitalLink(<T>(path: string) => account.fetchJson<T>(path));
    link
      .scheduled('')
      .then(async (list) => {
        // The server stops listing a booking once a run names it; the run's identity step still needs it.
        const running = (await activeRuns(db, vault)).flatMap((r) => r.header.booking?.accessionNumber ?? []);
        await replaceBookings(db, vault, list, now(), new Set(running));
      })
      .then(() => live && setRefresh({ fresh: true }))
      .catch((e: unknown) => live && setRefresh((r) => ({ ...r, error: e instanceof Error ? e.message : String(e) })));
    return () => {
      live = false;
    };
    // Once per screen and per sync: the account object may be new on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, vault, Boolean(account), synced]);

  useEffect(() => {
    if (!records) return;
    let live = true;
    void openBookings(vault, records).then((b) => live && setBookings(b));
    return () => {
      live = false;
    };
  }, [records, vault]);

  return { bookings, ...refresh };
}
