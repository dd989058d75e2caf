// Talks to a running Countervoice over HTTP (plain Node >= 18, no dependencies):
//   node scripts/app-probe.mjs announce <port> --pid <app pid>
//     for `npm start`: waits until the app is ready, then prints its URL and the demo accounts.
//   node scripts/app-probe.mjs check <port> [--pid <pid>] [--timeout <seconds>]
//     for CI: waits (bounded) until ready, then checks what a newcomer does first: the sign-in
//     page loads, a demo user signs in, /api/auth/me knows them, signing out ends the session.
import { setTimeout as sleep } from 'node:timers/promises';

const [mode, portArg, ...options] = process.argv.slice(2);
const port = Number(portArg);
const base = `http://127.0.0.1:${port}`;
const ok = (line) => process.stdout.write(`ok  ${line}\n`);
const option = (name) => {
  const at = options.indexOf(`--${name}`);
  return at === -1 ? undefined : options[at + 1];
};

const APP_EXITED = 'the app exited';
const appPid = option('pid') === undefined ? undefined : Number(option('pid'));
const appAlive = () => {
  if (appPid === undefined) return true;
  try {
    process.kill(appPid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Polls /health/ready until it answers 200, the deadline passes, or the app (--pid) exits. */
async function waitUntilReady(timeoutSeconds) {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (!appAlive()) return { ready: false, last: APP_EXITED };
    try {
      const res = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return { ready: true };
      last = `${res.status} ${(await res.text()).slice(0, 300)}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await sleep(500);
  }
  return { ready: false, last: `not ready after ${timeoutSeconds}s (last answer: ${last})` };
}

const demoUsers = () => import(new URL('../dist/demo/demo-users.js', import.meta.url).href);

async function announce() {
  const startupTimeout = Number(process.env.STARTUP_TIMEOUT_SECONDS ?? 60);
  const { ready, last } = await waitUntilReady(2 * startupTimeout + 60);
  if (!ready) {
    if (last !== APP_EXITED) console.error(`countervoice: ${last}; see the log above`);
    return;
  }
  const url = `http://localhost:${port}`;
  const lines = ['', `  Countervoice is ready: ${url}`];
  if (['true', '1'].includes(process.env.DEMO_MODE ?? '')) {
    const { DEMO_USERS, DEMO_PASSWORD } = await demoUsers();
    lines.push(`  Sign in with one of the demo accounts, password "${DEMO_PASSWORD}":`);
    const width = Math.max(...DEMO_USERS.map((u) => u.email.length));
    for (const u of DEMO_USERS) lines.push(`    ${u.email.padEnd(width)}  ${u.roles.join(', ')}`);
  }
  lines.push('  Stop it with Ctrl-C.', '');
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function check() {
  const fail = (what) => {
    console.error(`quick start check failed: ${what}`);
    process.exit(1);
  };
  const started = Date.now();
  const { ready, last } = await waitUntilReady(Number(option('timeout') ?? 600));
  if (!ready) fail(`/health/ready: ${last}`);
  ok(`/health/ready is 200 after ${Math.round((Date.now() - started) / 1000)}s`);

  const page = await fetch(`${base}/`);
  const html = await page.text();
  if (page.status !== 200 || !page.headers.get('content-type')?.startsWith('text/html'))
    fail(`GET / answered ${page.status} ${page.headers.get('content-type')}`);
  if (!html.includes('<title>Countervoice</title>') || !/<script[^>]+src="\/assets\//.test(html))
    fail(`GET / is not the built web UI: ${html.slice(0, 200)}`);
  ok('GET / serves the web UI (sign-in page)');

  const { DEMO_USERS, DEMO_PASSWORD } = await demoUsers();
  const user = DEMO_USERS[0];
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: DEMO_PASSWORD }),
  });
  const signedIn = await login.json();
  const session = login.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .find((pair) => pair.startsWith('cv_session='));
  if (login.status !== 200 || !session || signedIn.email !== user.email)
    fail(`sign-in as ${user.email}: ${login.status} ${JSON.stringify(signedIn)}`);
  ok(`${user.email} signs in with the demo password`);

  const me = await fetch(`${base}/api/auth/me`, { headers: { cookie: session } });
  const who = await me.json();
  if (me.status !== 200 || who.email !== user.email || who.via !== 'session')
    fail(`/api/auth/me with the session: ${me.status} ${JSON.stringify(who)}`);
  ok(`/api/auth/me answers ${who.email} (${who.roles.join(', ')})`);

  const logout = await fetch(`${base}/api/auth/logout`, {
    method: 'POST',
    headers: { cookie: session, 'x-csrf-token': signedIn.csrfToken },
  });
  const after = await fetch(`${base}/api/auth/me`, { headers: { cookie: session } });
  if (logout.status !== 204 || after.status !== 401)
    fail(`sign-out: ${logout.status}, then /api/auth/me ${after.status}`);
  ok('signing out (with the CSRF token) ends the session');
}

if (!Number.isInteger(port) || port <= 0) {
  console.error(
    'usage: node scripts/app-probe.mjs announce|check <port> [--pid <app pid>] [--timeout <s>]',
  );
  process.exit(2);
} else if (mode === 'announce') await announce();
else if (mode === 'check') await check();
else {
  console.error(`unknown mode ${mode}: announce or check`);
  process.exit(2);
}
