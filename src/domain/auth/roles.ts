// Who may do what. One table, used by the server on every route and by the tablet to show or hide
// screens (the server's check is the one that counts).
export const ROLES = ['technologist', 'trainer', 'qaLead', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  /** Record exam and QC runs (the step cards). */
  'runs.record': ['technologist', 'trainer', 'qaLead', 'admin'],
  /** Sign off a trainee's competency. */
  'competency.signOff': ['trainer'],
  /** Department-wide figures (compliance, waiting times). */
  'figures.view': ['qaLead', 'admin'],
  /** Exports of exam records. */
  'exports.read': ['qaLead', 'admin'],
  /** Read the audit trail. */
  'audit.view': ['qaLead', 'admin'],
  /** The hospital link's status: endpoints, queue, failed exchanges, unmapped bookings. */
  'integration.view': ['qaLead', 'admin'],
  /** Import, edit and publish SOP versions. */
  'sops.edit': ['admin'],
  /** Create users, set PINs, release lock-outs, enrol and revoke tablets. */
  'users.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** PINs: at least 6 digits. Passwords: at least 10 characters. */
export function secretProblem(secret: string): 'tooShort' | null {
  if (/^\d+$/.test(secret)) return secret.length >= 6 ? null : 'tooShort';
  return secret.length >= 10 ? null : 'tooShort';
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
