// People's names for records that store user ids: from the synced user directory, the signed-in
// user's own name before the directory has synced, else the id (a QA lead must see who, not a uuid).
import { useLiveQuery } from 'dexie-react-hooks';
import { directoryUsers } from '../../db/keyring.repo';
import { useServices } from '../services';

export function useUserNames(): (userId: string) => string {
  const { db, user, account } = useServices();
  const users = useLiveQuery(() => directoryUsers(db), [db]);
  const names = new Map((users ?? []).map((u) => [u.id, u.displayName]));
  return (id) => names.get(id) ?? (id === user && account ? account.displayName : id);
}
