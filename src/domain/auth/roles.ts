// Who may do what. One table, used by the server on every route and by the tablet to show or hide
// screens (the server's check is the one that counts).
import { COMMON_PINS } from './common-pins';

export const ROLES = ['technologist', 'trainer', 'qaLead', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  /** Record exam and QC runs (the step cards). */
  'runs.record': ['technologist', 'trainer', 'qaLead', 'admin'],
  /** Sign off a trainee's competency. */
  'competency.signOff': ['trainer'],
  /** Training figures: attempts, scores, sign-offs and what lapses soon. */
  'training.view': ['trainer', 'qaLead', 'admin'],
  /** Department-wide figures (compliance, waiting times). */
  'figures.view': ['qaLead', 'admin'],
  /** Exports of exam records. */
  'exports.read': ['qaLead', 'admin'],
  /** Read the audit trail. */
  'audit.view': ['qaLead', 'admin'],
  /** Record quality records: QC results, image QC, service entries, adverse events, overrides. */
  'quality.record': ['technologist', 'trainer', 'qaLead', 'admin'],
  /** Read the department's quality records on the server (registers, QC, service, adverse events). */
  'quality.view': ['qaLead', 'admin'],
  /** Review QC results, approve a return to service, move adverse-event reports, edit QC test sets. */
  'quality.review': ['qaLead'],
  /** Edit the equipment register and scanner status. */
  'equipment.manage': ['admin'],
  /** The hospital link's status: endpoints, queue, failed exchanges, unmapped bookings. */
  'integration.view': ['qaLead', 'admin'],
  /** Import, edit and publish SOP versions. */
  'sops.edit': ['admin'],
  /** The site's standards every tablet applies: timer lengths, idle-lock time. */
  'settings.manage': ['admin'],
  /** Approve another person's card draft, making it the next version (two people publish: author and approver). */
  'sops.approve': ['qaLead', 'admin'],
  /** Create users, set PINs, release lock-outs, enrol and revoke tablets. */
  'users.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export type SecretProblem = 'tooShort' | 'trivial' | 'adminNeedsPassword';

/**
 * PINs: at least 6 digits, not a guess that comes first (one digit repeated, a run up or down like
 * 123456 or 987654, a short block repeated like 121212 or 123123, one of the 1,000 most common:
 * common-pins.ts). Passwords: at least 10 characters.
 * An administrator (whose account manages every other) needs a password, never a PIN.
 */
export function secretProblem(secret: string, role?: Role): SecretProblem | null {
  if (!/^\d+$/.test(secret)) return secret.length >= 10 ? null : 'tooShort';
  if (role === 'admin') return 'adminNeedsPassword';
  if (secret.length < 6) return 'tooShort';
  return isTrivialPin(secret) ? 'trivial' : null;
}

function isTrivialPin(pin: string): boolean {
  const d = [...pin].map(Number);
  const steps = new Set(d.slice(1).map((x, i) => (x - d[i]! + 10) % 10));
  if (COMMON_PINS.has(pin)) return true;
  if (steps.size === 1 && [0, 1, 9].includes([...steps][0]!)) return true; // 000000, 123456, 987654, 890123
  for (let n = 1; n <= pin.length / 2; n++)
    if (pin.length % n === 0 && pin.slice(0, n).repeat(pin.length / n) === pin) return true;
  return false;
}

export function describeSecretProblem(p: SecretProblem): string {
  switch (p) {
    case 'tooShort':
      return 'is too short: a PIN needs at least 6 digits, a password at least 10 characters';
    case 'trivial':
      return 'is too easy to guess: no repeated digits, runs like 123456, repeated blocks like 121212 or one of the 1,000 most common PINs';
    case 'adminNeedsPassword':
      return 'must be a password (at least 10 characters, not only digits) for an administrator';
  }
}

/** Wrong-secret back-off: free tries, then growing delays, then a lock-out an admin (or time) releases. */
export const LOCKOUT = {
  freeAttempts: 3,
  delayMs: [5_000, 30_000, 120_000],
  lockAfter: 8,
  lockMs: 30 * 60_000,
} as const;

export type AttemptState = { readonly failures: number; readonly lastFailureAt: number };

/** When the next attempt is allowed (0 = now), given past failures. `locked` after too many. */
export function nextAttemptAt(s: AttemptState): { at: number; locked: boolean } {
  if (s.failures >= LOCKOUT.lockAfter) return { at: s.lastFailureAt + LOCKOUT.lockMs, locked: true };
  const extra = s.failures - LOCKOUT.freeAttempts;
  if (extra < 0) return { at: 0, locked: false };
  return { at: s.lastFailureAt + LOCKOUT.delayMs[Math.min(extra, LOCKOUT.delayMs.length - 1)]!, locked: false };
}
