// The texts before sign-in are the start subsets (text-subsets.plugin.ts): every key the screens
// before sign-in use must be in them, in every staff language, and the full files must follow sign-in.
// The real lazy locale loader and the real plugin (vitest.config.ts) are used.
import { render, screen } from '@testing-library/react';
import i18next from 'i18next';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { START_KEYS, startSubset } from '../../text-subsets.plugin';
import { initI18n, loadSignedInTexts } from '../../src/app/i18n';
import { createSession } from '../../src/auth/session';
import type { AuthApi } from '../../src/auth/auth-api';
import { importDek } from '../../src/db/crypto/keys';
import { createVault } from '../../src/db/crypto/vault';
import { ScanCardDb } from '../../src/db/db';
import { createRun } from '../../src/db/runs.repo';
import { DEFAULT_TIMER_RULES } from '../../src/domain/timers/timers';
import { BUILT_IN_SOPS } from '../../src/sops/library';
import { LockScreen } from '../../src/ui/features/auth/LockScreen';

vi.mock('../../src/ui/alarm-sound', () => ({ playAlarm: () => undefined }));

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
type Texts = Record<string, string>;
const readJson = (lng: string, ns: string) =>
  JSON.parse(readFileSync(join(ROOT, 'locales', lng, `${ns}.json`), 'utf8')) as Texts;

/** The source files a module pulls in by static imports (not `import type`, not `import()`). */
function staticGraph(entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gms)) {
      const base = join(dirname(file), m[1]!);
      const found = ['', '.ts', '.tsx', '/index.ts', '/index.tsx']
        .map((e) => base + e)
        .find((p) => existsSync(p) && /\.tsx?$/.test(p));
      if (found) visit(found);
    }
  };
  entries.forEach((e) => visit(join(ROOT, e)));
  return [...seen].map((f) => relative(ROOT, f).split('\\').join('/'));
}

// The connect screen is lazy but comes before sign-in too.
const beforeSignIn = staticGraph(['src/main.tsx', 'src/ui/features/sync/ConnectScreen.tsx']).filter((f) =>
  /^src\/(ui|app|main)/.test(f),
);
const enStaff = readJson('en', 'staff');

describe('start-up texts', () => {
  it('the import walk finds the screens before sign-in and not the signed-in app', () => {
    expect(beforeSignIn).toEqual(
      expect.arrayContaining(['src/ui/features/auth/LockScreen.tsx', 'src/ui/features/sync/EnrolForm.tsx']),
    );
    expect(beforeSignIn).not.toContain('src/app/SignedInApp.tsx');
  });

  it('every staff key those screens name (literal, or a `prefix.${…}` template) is in the start subset', () => {
    const literal = beforeSignIn.flatMap((f) =>
      [...readFileSync(join(ROOT, f), 'utf8').matchAll(/['"]([a-zA-Z]+(?:\.[a-zA-Z0-9]+)+)['"]/g)]
        .map((m) => m[1]!)
        .filter((k) => k in enStaff || `${k}_other` in enStaff),
    );
    const templates = beforeSignIn.flatMap((f) =>
      [...readFileSync(join(ROOT, f), 'utf8').matchAll(/\bt\(`([a-zA-Z.]+\.)\$\{/g)].map((m) => m[1]!),
    );
    expect(literal.length).toBeGreaterThan(30);
    expect(templates).toEqual(expect.arrayContaining(['timer.', 'role.']));
    for (const lng of ['en', 'zh-CN']) {
      const start = startSubset(readJson(lng, 'staff'), readJson(lng, 'sop'));
      const has = (k: string) => k in start.staff || `${k}_other` in start.staff;
      expect({ lng, missing: literal.filter((k) => !has(k)) }).toEqual({ lng, missing: [] });
      expect({ lng, templates: templates.filter((p) => !START_KEYS.includes(p)) }).toEqual({ lng, templates: [] });
      expect(Object.keys(start.sop).length).toBe(7); // the built-in cards' titles
    }
  });

  it('is a small part of the staff texts', () => {
    const start = startSubset(enStaff, readJson('en', 'sop'));
    expect(JSON.stringify(start).length).toBeLessThan(JSON.stringify(enStaff).length / 5);
  });

  it('before sign-in the lock screen names a running card from the start texts; signing in loads the rest', async () => {
    await initI18n('en');
    expect(i18next.t('auth.lockedTitle')).toBe('Locked');
    expect(i18next.t('run.next')).toBe('run.next'); // not loaded yet
    const db = new ScanCardDb(`start-${crypto.randomUUID()}`);
    const vault = createVault(importDek(crypto.getRandomValues(new Uint8Array(32))));
    const sop = BUILT_IN_SOPS.find((s) => s.id === 'emergency-head-ct')!;
    const input = {
      kind: 'exam' as const,
      sop: { id: sop.id, version: sop.version },
      priority: 'emergency' as const,
      scanner: 'CT 1',
      timerRules: DEFAULT_TIMER_RULES,
      patient: { patientId: 'P-1', sex: 'male' as const, language: 'en', ageYears: 70 },
    };
    await createRun(db, vault, (id, v) => BUILT_IN_SOPS.find((s) => s.id === id && s.version === v), input, {
      user: 'u-wang',
      now: Date.now(),
    });
    const user = { id: 'u-wang', username: 'wang', displayName: 'Wang Li', role: 'technologist' as const };
    const session = createSession({ db, api: {} as AuthApi, now: () => Date.now() });
    render(<LockScreen db={db} session={session} state={{ phase: 'locked', user, reason: 'idle' }} />);
    expect(await screen.findByText('CT 1 · Emergency head CT (stroke / trauma)', {}, { timeout: 4000 })).toBeTruthy();

    await loadSignedInTexts();
    expect(i18next.t('run.next')).toBe('Next');
    expect(i18next.t('common.identity.title', { ns: 'sop' })).toBe('Patient identity');
    expect(i18next.t('auth.lockedTitle')).toBe('Locked');
  });
});
