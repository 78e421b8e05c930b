// The quality read model for the screens: re-projected whenever a quality event or the user
// directory changes (live query for the Dexie part, then opening and projecting outside it).
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { can, type Permission } from '../../domain/auth/roles';
import type { QualityState } from '../../domain/quality/quality.projection';
import type { DirectoryUser } from '../../db/db';
import { replaceDirectory } from '../../db/keyring.repo';
import { projectStored, qualitySources } from '../../db/quality.repo';
import { useServices } from '../services';

export function useQuality(): QualityState | undefined {
  const { db, vault, scanners, user, account } = useServices();
  const sources = useLiveQuery(() => qualitySources(db), [db]);
  const [state, setState] = useState<QualityState>();
  // Roles and names of the people in the records: the server's directory, kept for offline use.
  // (Since reading needs a person, nothing else refreshes it.) Offline, the kept copy is used.
  useEffect(() => {
    if (!account) return;
    account
      .fetchJson<{ users: DirectoryUser[] }>('/api/directory')
      .then((r) => replaceDirectory(db, r.users))
      .catch(() => undefined);
    // Once per person signed in (the account object may be new on every render).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, user, Boolean(account)]);
  useEffect(() => {
    if (!sources) return;
    let live = true;
    // The signed-in user's role is known even before the directory has synced.
    const roles = new Map(sources.roles);
    if (account && !roles.has(user)) roles.set(user, account.role);
    void projectStored(vault, { records: sources.records, roles }, scanners).then((s) => live && setState(s));
    return () => {
      live = false;
    };
  }, [sources, vault, scanners, user, account]);
  return state;
}

export function useCan(permission: Permission): boolean {
  const { account } = useServices();
  return account ? can(account.role, permission) : false;
}
