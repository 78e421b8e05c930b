// End-to-end harness: the built app served by the real ScanCard server on 127.0.0.1, driven in
// Debian's Chromium through playwright-core with a fresh profile per test.
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../../src/server/app';
import { openSqliteStore } from '../../src/server/store/open-store';
import type { SyncStore } from '../../src/server/store/store';
import { issueEnrollmentCode } from '../../src/server/auth';
import { hashSecret } from '../../src/server/user-auth';
import type { Role } from '../../src/domain/auth/roles';
import { randomUUID } from 'node:crypto';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {
      /* try the next name */
    }
  }
  throw new Error('Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)');
}

/** The real server on a random loopback port with a fresh SQLite file, serving the built app. */
export async function startAppServer(
  options: { adminToken?: string; idleLockMs?: number; now?: () => number; distDir?: string } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'scancard-srv-'));
  const store = await openSqliteStore(join(dir, 'scancard.sqlite'));
  const app = await buildServer({ store, distDir: 'dist', rateLimitPerMinute: 100_000, ...options });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    close: async () => {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A browser profile on disk, so a test can kill the browser and start it again on the same data. */
export function newProfile() {
  const dir = mkdtempSync(join(tmpdir(), 'scancard-e2e-'));
  return {
    dir,
    launch: (viewport = { width: 1024, height: 768 }) =>
      chromium.launchPersistentContext(dir, {
        executablePath: chromiumPath(),
        headless: true,
        args: CHROMIUM_ARGS,
        viewport,
      }),
    /** SIGKILL every Chromium process of this profile: no shutdown, no flush, like a crash. */
    kill: (): number => {
      const pids = execFileSync('pgrep', ['-f', `user-data-dir=${dir}`], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean);
      execFileSync('kill', ['-9', ...pids]);
      return pids.length;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export type TestUser = { username: string; displayName: string; role: Role; secret: string };
export const FIRST_ADMIN: TestUser = {
  username: 'admin',
  displayName: 'Ada Admin',
  role: 'admin',
  secret: 'first admin pass 1',
};

/** Creates a user directly in the server's store (as the admin CLI does). */
export async function addUser(store: SyncStore, u: TestUser): Promise<void> {
  const created = await store.createUser({
    id: randomUUID(),
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    secretHash: await hashSecret(u.secret),
    now: Date.now(),
  });
  if (typeof created === 'string') throw new Error(`could not create ${u.username}: ${created}`);
}

/**
 * Opens the app on a fresh profile: enrols the tablet with a one-time code, then signs in as `user`
 * (creating the first administrator from the tablet when the server has no users yet).
 */
export async function openApp(
  context: BrowserContext,
  url: string,
  enrol?: SyncStore | (() => Promise<string>),
  user: TestUser = FIRST_ADMIN,
): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.goto(url);
  const worklist = page.getByRole('heading', { name: /worklist|工作列表/i });
  const connect = page.getByLabel('One-time code');
  await worklist
    .or(connect)
    .or(page.getByRole('heading', { name: 'Sign in' }))
    .or(page.getByRole('heading', { name: 'Locked' }))
    .first()
    .waitFor();
  if (await connect.isVisible()) {
    if (!enrol) throw new Error('this tablet must be enrolled: pass the server store or a code source');
    await connect.fill(
      typeof enrol === 'function' ? await enrol() : await issueEnrollmentCode(enrol, 'e2e', Date.now()),
    );
    await page.getByLabel('Name of this tablet').fill('E2E tablet');
    await page.getByRole('button', { name: 'Connect' }).click();
  }
  if (!(await worklist.isVisible())) await signIn(page, user);
  await worklist.waitFor();
  return page;
}

/** After a reload or a crash: the same user's lock screen, never "choose user"; the PIN continues. */
export async function unlockAfterReload(page: Page, user: TestUser = FIRST_ADMIN): Promise<void> {
  await page.getByRole('heading', { name: 'Locked' }).waitFor();
  await page.getByText(`Signed in: ${user.displayName}`).waitFor();
  await enterSecret(page, user.secret);
}

/** Signs in: the first administrator, a lock screen after a reload, someone who signed in here before, or by name. */
export async function signIn(page: Page, user: TestUser = FIRST_ADMIN): Promise<void> {
  const first = page.getByRole('heading', { name: 'Create the first administrator' });
  const chooser = page.getByRole('button', { name: new RegExp(user.displayName) });
  const byName = page.getByRole('button', { name: 'Continue' });
  const locked = page.getByRole('heading', { name: 'Locked' });
  await first.or(chooser).or(byName).or(locked).first().waitFor();
  if (await locked.isVisible()) {
    await enterSecret(page, user.secret);
  } else if (await first.isVisible()) {
    await page.getByLabel('User name').fill(user.username);
    await page.getByLabel('Name shown to colleagues').fill(user.displayName);
    await page.getByLabel(/^Password \(at least/).fill(user.secret);
    await page.getByLabel('Repeat it').fill(user.secret);
    await page.getByRole('button', { name: 'Create and sign in' }).click();
  } else {
    if (await chooser.isVisible()) await chooser.click();
    else {
      await page.getByLabel('User name').fill(user.username);
      await byName.click();
    }
    await enterSecret(page, user.secret);
  }
}

/** Types a PIN or password into the PIN pad and confirms. */
export async function enterSecret(page: Page, secret: string): Promise<void> {
  await page.locator('.pinpad input').fill(secret);
  await page.locator('.pinpad').getByRole('button', { name: 'OK' }).click();
}

/** Waits until the service worker controls the page (the app is then cached for offline use). */
export async function waitForOfflineReady(page: Page): Promise<void> {
  await page.waitForFunction(
    async () => {
      const reg = await navigator.serviceWorker.ready;
      return Boolean(reg.active && navigator.serviceWorker.controller);
    },
    undefined,
    { timeout: 20_000 },
  );
}

/** The server as its own process (`tsx src/server/main.ts`), the way `npm start` runs it. */
export async function startServerProcess(env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'scancard-proc-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SQLITE_FILE: join(dir, 'server.sqlite'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += String(d)));
  child.stderr.on('data', (d) => (output += String(d)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    if (
      await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Tablets on fresh profiles against one server, each signed in as someone; close() ends them all. */
export function tablets(server: { url: string; store: SyncStore }, viewport = { width: 1366, height: 1024 }) {
  const open: { profile: ReturnType<typeof newProfile>; context: BrowserContext }[] = [];
  return {
    async as(user: TestUser): Promise<Page> {
      const profile = newProfile();
      const context = await profile.launch(viewport);
      // A wait that never ends names its locator after 30 s instead of the test's bare time-out.
      context.setDefaultTimeout(30_000);
      open.push({ profile, context });
      return openApp(context, server.url, server.store, user);
    },
    async close() {
      for (const t of open.splice(0)) {
        await t.context.close().catch(() => undefined);
        t.profile.remove();
      }
    },
  };
}

/** With SCANCARD_SHOTS=<dir>: the whole page at 1366 and 768 px wide, then back to 1366. */
export async function shotsIfAsked(page: Page, name: string): Promise<void> {
  const dir = process.env.SCANCARD_SHOTS;
  if (!dir) return;
  for (const width of [1366, 768]) {
    await page.setViewportSize({ width, height: 1024 });
    await page.waitForTimeout(300); // the header's narrow layout settles
    await page.screenshot({ path: join(dir, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 1024 });
}
