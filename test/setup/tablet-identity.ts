// A test tablet enrolled in a harness's store with a real device key, which proves that key over
// HTTP (challenge, signature, session) like the app; optionally with someone signed in on it.
import { authorizedFetch, createDeviceIdentity } from '../../src/auth/device-identity';
import type { ScanCardDb } from '../../src/db/db';
import { enrolmentKeys, saveEnrolledIdentity } from '../../src/db/device-identity.repo';
import type { Role } from '../../src/domain/auth/roles';
import type { Harness } from '../server/harness';

export async function enrolledTablet(h: Harness, db: ScanCardDb, baseUrl: string, role: Role | null = 'technologist') {
  const { deviceId, keys } = await h.enrol();
  await enrolmentKeys(db, async () => keys);
  await saveEnrolledIdentity(db, deviceId, 'test tablet', h.now());
  const user = role ? await h.addUser(role) : undefined;
  const userToken = user ? await h.tokenFor(user, deviceId) : undefined;
  /** The device identity as seen from one server address (tests may run two servers on one store). */
  const identityAt = (url: string, fetchImpl?: typeof fetch) =>
    createDeviceIdentity({ db, baseUrl: url, now: h.now, ...(fetchImpl && { fetchImpl }) });
  const identity = identityAt(baseUrl);
  return {
    deviceId,
    user,
    userToken,
    identity,
    identityAt,
    /** fetch with the device session and the signed-in user's token. */
    fetch: (fetchImpl?: typeof fetch, url = baseUrl) =>
      authorizedFetch(
        url === baseUrl && !fetchImpl ? identity : identityAt(url, fetchImpl),
        () => userToken,
        fetchImpl,
      ),
  };
}
