// The first enrolment code goes to the terminal of whoever starts the server, never to a log.
import { describe, expect, it } from 'vitest';
import { announceFirstRun, type Console } from '../../src/server/first-run';
import { STORES } from './stores';

const CODE = /[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}/;

function fakeConsole(terminal: boolean) {
  const seen = { terminal: '', log: '' };
  const out: Console = {
    toTerminal: (text) => {
      if (terminal) seen.terminal += text;
      return terminal;
    },
    toLog: (text) => void (seen.log += text),
  };
  return { out, seen };
}

describe.each(STORES)('the first start on $name', (factory) => {
  it('shows a one-time code on the terminal only', async () => {
    const { store, dispose } = await factory.open();
    try {
      const { out, seen } = fakeConsole(true);
      await announceFirstRun(store, out, Date.UTC(2026, 10, 23));
      expect(seen.terminal).toMatch(CODE);
      expect(seen.log).not.toMatch(CODE);
      expect(await store.activeEnrollmentCodes(Date.UTC(2026, 10, 23))).toBe(1);
    } finally {
      await dispose();
    }
  });

  it('without a terminal (a service, output to a file) says how to make a code, and makes none', async () => {
    const { store, dispose } = await factory.open();
    try {
      const { out, seen } = fakeConsole(false);
      await announceFirstRun(store, out, Date.UTC(2026, 10, 23));
      expect(seen.log).not.toMatch(CODE);
      expect(seen.log).toMatch(/npm run server -- enroll-code/);
      expect(await store.activeEnrollmentCodes(Date.UTC(2026, 10, 23))).toBe(0);
    } finally {
      await dispose();
    }
  });
});
