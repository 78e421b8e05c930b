// Administration from the server's shell (works with either store):
//   npm run server -- enroll-code "CT 1 console tablet"   prints a one-time enrolment code
//   npm run server -- devices                              lists enrolled tablets
//   npm run server -- revoke <deviceId>                    revokes a tablet (final)
//   npm run server -- users                                lists users (no secrets)
//   npm run server -- create-user <username> <role> <displayName>
//       reads the PIN/password from SCANCARD_NEW_SECRET (never from the command line, which `ps` shows)
//   npm run server -- unlock-user <username>               releases a sign-in lock-out
//   npm run server -- restored                             after restoring a backup: starts a new epoch, so
//       every tablet re-sends what the server lacks and pulls again from the start
//   npm run server -- gaps                                 numbers missing from tablets' event sequences
//   npm run server -- rebuild-projections                  re-projects every run from the event log
import { randomUUID } from 'node:crypto';
import { ROLES, secretProblem, type Role } from '../domain/auth/roles';
import { issueEnrollmentCode } from './auth';
import { builtInSops } from './built-ins';
import { rebuildProjections } from './projections/rebuild';
import { openStoreFromEnv } from './store/open-store';
import type { SyncStore } from './store/store';
import { hashSecret } from './user-auth';

const USAGE = `usage: enroll-code [label] | devices | revoke <deviceId> | users | unlock-user <username>
       | restored | gaps | rebuild-projections
       | create-user <username> <role: ${ROLES.join('|')}> <displayName>   (secret in SCANCARD_NEW_SECRET)`;

async function createUser(store: SyncStore, [username, role, ...name]: string[]): Promise<string> {
  const displayName = name.join(' ').trim();
  if (!username || !role || !displayName) throw new Error(USAGE);
  if (!(ROLES as readonly string[]).includes(role))
    throw new Error(`unknown role "${role}": one of ${ROLES.join(', ')}`);
  if (!/^[\p{L}\p{N}._-]{2,40}$/u.test(username)) throw new Error('user name: 2-40 letters, digits, ".", "_" or "-"');
  const secret = process.env.SCANCARD_NEW_SECRET;
  if (!secret)
    throw new Error('set SCANCARD_NEW_SECRET to the new PIN/password (it is never read from the command line)');
  if (secretProblem(secret))
    throw new Error(
      'SCANCARD_NEW_SECRET is too weak: a PIN needs at least 6 digits, a password at least 10 characters',
    );
  const now = Date.now();
  const user = await store.createUser({
    id: randomUUID(),
    username,
    displayName: displayName.slice(0, 80),
    role: role as Role,
    secretHash: await hashSecret(secret),
    now,
  });
  if (typeof user === 'string') throw new Error(`user name "${username}" is taken (compared ignoring case)`);
  await store.appendAudit({
    id: randomUUID(),
    at: now,
    action: 'user.change',
    subject: user.id,
    detail: `created with role ${user.role} (server CLI)`,
  });
  return `Created ${user.username} (${user.role}), id ${user.id}`;
}

async function unlockUser(store: SyncStore, username: string | undefined): Promise<string> {
  const user = username ? await store.userByUsername(username) : undefined;
  if (!user) throw new Error(`no user "${username ?? ''}"`);
  await store.clearLoginFailures(user.id);
  await store.appendAudit({
    id: randomUUID(),
    at: Date.now(),
    action: 'user.change',
    subject: user.id,
    detail: 'lock-out released (server CLI)',
  });
  return `Unlocked ${user.username}`;
}

async function rebuild(store: SyncStore): Promise<string> {
  const t0 = Date.now();
  const out = await rebuildProjections(store, builtInSops(), {
    all: true,
    now: () => Date.now(),
    onBatch: (done, of) => process.stderr.write(`\r  ${done} / ${of} runs`),
  });
  if (out.runs) process.stderr.write('\n');
  for (const p of out.problems) console.warn(`  run ${p.runId}: ${p.problem}`);
  return `Projected ${out.runs} runs in ${((Date.now() - t0) / 1000).toFixed(1)} s (${out.problems.length} could not be projected)`;
}

const [command, ...args] = process.argv.slice(2);
const arg = args[0];
const store = await openStoreFromEnv();
try {
  if (command === 'enroll-code') {
    console.warn(
      `One-time enrolment code (valid 24 h): ${await issueEnrollmentCode(store, arg ?? 'tablet', Date.now())}`,
    );
  } else if (command === 'devices') {
    for (const d of await store.listDevices())
      console.warn(
        `${d.id}  ${d.label}  enrolled ${new Date(d.enrolledAt).toISOString()}${d.revokedAt ? '  REVOKED' : ''}`,
      );
  } else if (command === 'revoke' && arg) {
    console.warn((await store.revokeDevice(arg, Date.now())) ? `Revoked ${arg}` : `No active device ${arg}`);
  } else if (command === 'users') {
    for (const u of await store.listUsers())
      console.warn(
        `${u.id}  ${u.username}  ${u.role}  ${u.displayName}${u.active ? '' : '  INACTIVE'}${u.failures ? `  ${u.failures} failed tries` : ''}`,
      );
  } else if (command === 'create-user') {
    console.warn(await createUser(store, args));
  } else if (command === 'unlock-user') {
    console.warn(await unlockUser(store, arg));
  } else if (command === 'restored') {
    const { epoch } = await store.newEpoch(Date.now());
    console.warn(`New epoch ${epoch}: tablets will re-send what this database lacks at their next sync.`);
  } else if (command === 'gaps') {
    for (const g of await store.sequenceGaps())
      console.warn(
        `${g.device}  ${g.label ?? '?'}  expected ${g.expected}, got ${g.got}${g.refused.length ? `  (${g.refused.length} refused: ${g.refused.map((r) => r.code).join(', ')})` : ''}`,
      );
  } else if (command === 'rebuild-projections') {
    console.warn(await rebuild(store));
  } else {
    console.error(USAGE);
    process.exitCode = 2;
  }
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 2;
} finally {
  await store.close();
}
