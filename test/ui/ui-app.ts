import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB_INDEX = join(ROOT, 'web/dist/index.html');
/** What the built UI is made of: a change to any of these makes web/dist stale. */
const WEB_SOURCES = [
  'web/src',
  'web/index.html',
  'web/public',
  'vite.config.ts',
  'web/precompress.ts',
  'src/posts',
];
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test/artifacts');

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(path).map((entry) => newestChange(join(path, entry))),
  );
}

/**
 * Makes sure web/dist holds a build of the current sources (CI builds it first with
 * `npm run build`; locally a stale or missing build is rebuilt once, under a lock so parallel
 * test files do not build over each other).
 */
export async function ensureWebBuilt(): Promise<void> {
  const lock = join(
    tmpdir(),
    `cv-web-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}`,
  );
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`Gave up waiting for ${lock}; remove it if stale.`);
      await sleep(200);
    }
  }
  try {
    const sources = Math.max(...WEB_SOURCES.map((p) => newestChange(join(ROOT, p))));
    if (existsSync(WEB_INDEX) && statSync(WEB_INDEX).mtimeMs >= sources) return;
    try {
      execFileSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--logLevel', 'error'], {
        cwd: ROOT,
        stdio: 'pipe',
        // Jest sets NODE_ENV=test, with which Vite bundles React's development build (about
        // 190 KB where the served page must stay within 150): build what `npm run build` does.
        env: { ...process.env, NODE_ENV: 'production' },
      });
    } catch (error) {
      const output = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
      throw new Error(
        `web/dist is missing or stale and vite build failed (run npm run build):\n${output}`,
      );
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface UiApp {
  t: TestApp;
  baseUrl: string;
}

/** The real app (own database and queue prefix) listening on a free local port. */
export async function startUiApp(env: Record<string, string> = {}): Promise<UiApp> {
  const t = await startTestApp(env);
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return { t, baseUrl: `http://127.0.0.1:${port}` };
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** One person at the keyboard: their own cookies, one page reused across steps. */
export interface Person {
  email: string;
  context: BrowserContext;
  page: Page;
}

export async function personAt(
  browser: Browser,
  email: string,
  viewport = { width: 1366, height: 900 },
): Promise<Person> {
  const context = await browser.newContext({
    viewport,
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  // Every step waits for what a person would see; ten seconds is long past "it is not coming".
  context.setDefaultTimeout(10_000);
  return { email, context, page: await context.newPage() };
}

/** Signs in through the sign-in form, as a person would. */
export async function signInThroughUi(
  person: Person,
  baseUrl: string,
  password = TEST_PASSWORD,
): Promise<void> {
  const { page } = person;
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
