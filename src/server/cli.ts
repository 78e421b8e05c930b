// Administration from the server's shell (works with either store):
//   npm run server -- enroll-code "CT 1 console tablet"   prints a one-time enrolment code
//   npm run server -- devices                              lists enrolled tablets
//   npm run server -- revoke <deviceId>                    revokes a tablet's token
import { issueEnrollmentCode } from './auth';
import { openStoreFromEnv } from './store/open-store';

const [command, arg] = process.argv.slice(2);
const store = await openStoreFromEnv();
try {
  if (command === 'enroll-code') {
    console.warn(`One-time enrolment code (valid 24 h): ${await issueEnrollmentCode(store, arg ?? 'tablet', Date.now())}`);
  } else if (command === 'devices') {
    for (const d of await store.listDevices()) console.warn(`${d.id}  ${d.label}  enrolled ${new Date(d.enrolledAt).toISOString()}${d.revokedAt ? '  REVOKED' : ''}`);
  } else if (command === 'revoke' && arg) {
    console.warn((await store.revokeDevice(arg, Date.now())) ? `Revoked ${arg}` : `No active device ${arg}`);
  } else {
    console.error('usage: enroll-code [label] | devices | revoke <deviceId>');
    process.exitCode = 2;
  }
} finally {
  await store.close();
}
