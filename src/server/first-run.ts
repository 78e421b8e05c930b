// The first start: a one-time enrolment code for the first tablet, shown on the terminal of the
// person starting the server and nowhere else. Output that goes to a file or a journal (systemd,
// `npm start > server.log`) is a log someone else can read later, so it never gets the code.
import { openSync, writeSync, closeSync } from 'node:fs';
import { issueEnrollmentCode } from './auth';
import type { SyncStore } from './store/store';

export type Console = {
  /** Writes to the controlling terminal; false when there is none (a service, a pipe, a file). */
  toTerminal(text: string): boolean;
  /** Ordinary output (may be a log file). */
  toLog(text: string): void;
};

/** The process's terminal (/dev/tty), whatever stdout and stderr are redirected to. */
export const processConsole: Console = {
  toTerminal(text) {
    let fd: number | undefined;
    try {
      fd = openSync('/dev/tty', 'w');
      writeSync(fd, text);
      return true;
    } catch {
      return false; // no controlling terminal
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  },
  toLog: (text) => console.warn(text),
};

export async function announceFirstRun(store: SyncStore, out: Console, now: number): Promise<void> {
  if ((await store.listDevices()).length === 0 && (await store.activeEnrollmentCodes(now)) === 0) {
    // Only spend a code when someone can read it.
    const shown = out.toTerminal('') && (await showCode());
    if (!shown)
      out.toLog(
        '  No tablet is enrolled yet. Make a one-time enrolment code with: npm run server -- enroll-code "<tablet name>"\n',
      );
  }
  if ((await store.userCount()) === 0)
    out.toLog(
      '  No user exists yet. After enrolling a tablet, create the first administrator on it (POST /api/setup/first-admin),\n' +
        '  or here: SCANCARD_NEW_SECRET=<password> npm run server -- create-user <username> admin "<Display Name>"\n',
    );

  async function showCode() {
    const code = await issueEnrollmentCode(store, 'first tablet', now);
    return out.toTerminal(
      `\n  No tablet is enrolled yet. One-time enrolment code (valid 24 h): ${code}\n  Enter it in ScanCard → Settings → Department server.\n\n`,
    );
  }
}
