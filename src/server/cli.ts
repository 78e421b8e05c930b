// Administration from the server's shell (works with either store):
//   npm run server -- enroll-code "CT 1 console tablet"   prints a one-time enrolment code
//   npm run server -- devices                              lists enrolled tablets
//   npm run server -- revoke <deviceId>                    revokes a tablet (final)
//   npm run server -- users                                lists users (no secrets)
//   npm run server -- create-user <username> <role> <displayName>
//       reads the PIN/password from SCANCARD_NEW_SECRET (never from the command line, which `ps` shows)
//   npm run server -- unlock-user <username>               releases a sign-in lock-out
//   npm run server -- totp-off <username>                  turns an admin's one-time codes off (a lost phone)
//   npm run server -- restored                             after restoring a backup: starts a new epoch, so
//       every tablet re-sends what the server lacks and pulls again from the start
//   npm run server -- gaps                                 numbers missing from tablets' event sequences
//   npm run server -- rebuild-projections                  re-projects every run from the event log
//   npm run server -- verify-audit                         checks the audit chain; exit 1 naming each bad entry
//   npm run server -- rotate-key                           new key-encryption key, data keys re-wrapped
//   npm run server -- new-key                              prints a SCANCARD_KEK value with a fresh key first
//   npm run server -- retention --older-than-days N --mode archive|erase [--dry-run]
//       archives (identifiers removed) or erases runs whose last event is older than N days (default:
//       SCANCARD_RETENTION_DAYS; unset = off), recorded in the audit trail
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { describeSecretProblem, ROLES, secretProblem, type Role } from '../domain/auth/roles';
import { issueEnrollmentCode } from './auth';
import { builtInSops } from './built-ins';
import { newKeyLine, rotateKeys } from './keys/rotate';
import { rebuildProjections } from './projections/rebuild';
import { runRetention } from './retention/retention';
import { parseRetentionArgs, RETENTION_USAGE } from './retention/retention-args';
import { openStoreFromEnv } from './store/open-store';
import type { SyncStore } from './store/store';
import { hashSecret } from './user-auth';

const USAGE = `usage: enroll-code [label] | devices | revoke <deviceId> | users | unlock-user <username> | totp-off <username>
       | restored | gaps | rebuild-projections | verify-audit | rotate-key | new-key | ${RETENTION_USAGE}
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
  const problem = secretProblem(secret, role as Role);
  if (problem) throw new Error(`SCANCARD_NEW_SECRET ${describeSecretProblem(problem)}`);
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
    detail: 'lock-out released on every tablet (server CLI)',
  });
  return `Unlocked ${user.username}`;
}

async function totpOff(store: SyncStore, username: string | undefined): Promise<string> {
  const user = username ? await store.userByUsername(username) : undefined;
  if (!user) throw new Error(`no user "${username ?? ''}"`);
  if (!(await store.turnOffTotp(user.id))) return `${user.username} had no one-time codes`;
  await store.appendAudit({
    id: randomUUID(),
    at: Date.now(),
    action: 'user.change',
    subject: user.id,
    detail: 'TOTP turned off (server CLI)',
  });
  return `One-time codes turned off for ${user.username}: they can enrol again`;
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

async function retention(store: SyncStore, args: string[]): Promise<string> {
  const a = parseRetentionArgs(args, process.env);
  const r = await runRetention(store, {
    ...a,
    now: Date.now(),
    by: `server CLI "retention ${args.join(' ')}" as ${userInfo().username}`,
  });
  const verb = r.mode === 'archive' ? 'Archived' : 'Erased';
  return `${r.dryRun ? `Dry run, nothing changed: would have ${verb.toLowerCase()}` : verb} ${r.runs} runs, ${r.events} events${r.mode === 'archive' ? ` (${r.redacted} payloads redacted)` : ''}, last event before ${new Date(r.cutoff).toISOString()}`;
}

process.umask(0o077); // a key file or database this command creates is the server's own
const [command, ...args] = process.argv.slice(2);
const arg = args[0];
if (command === 'new-key') {
  console.warn(newKeyLine(process.env));
  process.exit(0);
}
const store = await openStoreFromEnv();
try {
  if (command === 'verify-audit') {
    const v = await store.verifyAudit();
    if (v.problems.length) {
      console.error(`audit trail NOT intact (${v.entries} entries read):\n  ${v.problems.join('\n  ')}`);
      process.exitCode = 1;
    } else
      console.warn(
        `audit trail intact: ${v.entries} entries${v.head ? `, head ${v.head.seq} ${v.head.mac}` : ''}\n` +
          'Keep the head somewhere else (a ticket, a log): entries deleted after it would not show otherwise.',
      );
  } else if (command === 'rotate-key') {
    console.warn(await rotateKeys(store, process.env));
  } else if (command === 'enroll-code') {
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
  } else if (command === 'totp-off') {
    console.warn(await totpOff(store, arg));
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
  } else if (command === 'retention') {
    console.warn(await retention(store, args));
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
