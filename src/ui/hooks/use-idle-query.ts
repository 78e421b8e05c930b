// A live query whose re-reads wait for idle time (db/idle-watch.ts): for views beside the tap path
// (alarms, counts) that may be a moment late, never in the way of a write. `read` must be stable.
import { useEffect, useState } from 'react';
import type { ScanCardDb } from '../../db/db';
import { watchAtIdle } from '../../db/idle-watch';

export function useIdleQuery<T>(
  db: ScanCardDb,
  tables: readonly string[],
  read: (db: ScanCardDb) => Promise<T>,
): T | undefined {
  const [value, setValue] = useState<{ db: ScanCardDb; v: T }>();
  const key = tables.join();
  useEffect(
    () =>
      watchAtIdle(
        db,
        key.split(','),
        () => read(db),
        (v) => setValue({ db, v }),
      ),
    [db, key, read],
  );
  return value?.db === db ? value.v : undefined;
}
