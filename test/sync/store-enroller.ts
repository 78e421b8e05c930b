// Enrols simulated tablets straight in a server store (the enrol route is rate-limited per address)
// with a device key, and signs a technologist in on each: the credentials its requests carry.
import { randomUUID } from 'node:crypto';
import { newToken } from '../../src/server/auth';
import type { SyncStore } from '../../src/server/store/store';
import { hashUserToken } from '../../src/server/user-auth';
import { enrolInStore } from '../setup/enrol-device';
import type { Enroller } from './sim-tablet';

/** Sessions outlive the simulations' days (their clocks jump); expiry is tested elsewhere. */
const YEAR = 365 * 24 * 3600_000;

export function storeEnroller(store: () => SyncStore, now: () => number): Enroller {
  return {
    async enrol() {
      const at = now();
      const { deviceId, token } = await enrolInStore(store(), at, 'sim tablet', YEAR);
      const user = await store().createUser({
        id: randomUUID(),
        username: `sim-${randomUUID().slice(0, 8)}`,
        displayName: 'Sim',
        role: 'technologist',
        secretHash: 'not-used',
        now: at,
      });
      if (typeof user === 'string') throw new Error(user);
      const userToken = newToken();
      await store().addUserToken({
        tokenHash: hashUserToken(userToken),
        userId: user.id,
        deviceId,
        createdAt: at,
        expiresAt: at + YEAR,
      });
      const headers = { authorization: `Bearer ${token}`, 'x-user-token': userToken };
      return { deviceId, headers: async () => headers };
    },
  };
}
