/**
 * API benchmark beside a bare NestJS hello-world, one run (about 5 min), everything on 127.0.0.1
 * and torn down at the end:
 *
 *   1. a scratch PostgreSQL database with a busy year (100,000 posts with revisions, reviews,
 *      comments and publish attempts; 30,000 quotes; 20 channels; 6 users) and a private Redis;
 *   2. the app as deployed (`node <heap flags> dist/main.js`, APP_ROLE=api, NODE_ENV=production,
 *      LOG_LEVEL=warn) and the bare hello-world (bench/support/bare-nest.ts) side by side;
 *   3. autocannon against every endpoint in ENDPOINTS at 16 and 64 connections, the hello-world
 *      before and after each level; requests/s, p50/p99 latency, the api process's CPU time per
 *      request, and the ratio to the hello-world's requests/s measured in the same run; at 16
 *      connections also the hello-world answering each endpoint's own body (captured from the
 *      app), the most any endpoint of that answer's size could reach on this machine; each list
 *      also as a browser asks for it (compressed) and while the database commits all the time;
 *   4. the api process's resident memory after the run.
 *
 * On a shared machine the ratios and CPU ms per request stay meaningful; absolute figures are
 * indicative. Prints one table and a final JSON line.
 *
 *   npm run bench:api                       # builds the server (nest build) first
 *   BENCH_SECONDS=10 npm run bench:api      # longer measurements (default 5 s each)
 *   BENCH_CPU_PROF=1 npm run bench:api      # also writes the api process's .cpuprofile
 *   BENCH_ONLY='post page' npm run bench:api  # only the endpoints whose name contains it
 *   BENCH_MAIN_JS=/path/to/other/dist/main.js npm run bench:api   # another build instead
 *   BENCH_BASELINE_JS=/path/to/old/dist/main.js npm run bench:api  # before/after, side by side
 *
 * With BENCH_BASELINE_JS a second api process runs that build against the same database and each
 * endpoint is measured on both, one right after the other: on a machine whose speed drifts by
 * tens of percent over minutes, that is the only before/after worth reading. (The baseline must
 * work with this build's schema; an endpoint it does not answer with 200 is left out for it.)
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { apiWorldSize, type ApiWorld } from './support/api-seed.js';
import { startApiBench } from './support/api-bench.js';
import { newestProfile, topFrames, type Frame } from './support/cpu-profile.js';
import { print, table } from './support/figures.js';
import {
  residentBytes,
  residentKinds,
  startServer,
  type ServerProcess,
} from './support/processes.js';
import { assertBuilt, cpuTimeMs, freePort, MAIN_JS } from './support/worker-processes.js';

/** BENCH_POSTS makes a smaller world for trying the bench out; figures need the full size. */
const SIZE = apiWorldSize();
const CONNECTIONS = [16, 64] as const;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARM_UP_SECONDS = 1;
const DAY_MS = 86_400_000;
const CPU_PROFILE_DIR = fileURLToPath(
  new URL(`../test/artifacts/cpu-profiles/${process.pid}/`, import.meta.url),
);
/** Targets of issue #15 for list endpoints at 16 connections. */
const TARGET_RATIO = 0.15;
const TARGET_P99_MS = 25;
const APP_JS = process.env.BENCH_MAIN_JS ?? MAIN_JS;
/** Opens the api's own /metrics on its port: its heap figures say what its RSS holds. */
const METRICS_TOKEN = randomBytes(16).toString('hex');
const BASELINE_JS = process.env.BENCH_BASELINE_JS;

interface Endpoint {
  name: string;
  path: string;
  /** Sends the bench user's API token. */
  auth: boolean;
  /** Held to the list targets (≥ 15 % of bare, p99 ≤ 25 ms at 16 connections). */
  target: boolean;
  /** Answered from the read cache without a target of its own: measured with the variants too. */
  cachedRead?: true;
  /** Headers beyond the token, sent to the hello-world serving the same body too. */
  headers?: Record<string, string>;
  /** Measured while the database commits about once a millisecond (see commitsMeanwhile). */
  underWrites?: boolean;
  /** A file of the built web UI, not JSON: the hello-world, which serves JSON, gets no copy. */
  webFile?: true;
}

/** What a browser (the web UI) sends; autocannon alone asks for no content coding. */
const BROWSER_ENCODINGS = { 'accept-encoding': 'gzip, deflate, br' };

/**
 * Each list (and each other cached read) twice more: as the web UI asks for it (compressed), and
 * while the database commits all the time, so no answer stays current for long (the app's read
 * cache misses; see src/read-cache). The plain rows are a client polling a quiet database.
 */
function withVariants(list: Endpoint[]): Endpoint[] {
  return list.flatMap((e) =>
    e.target || e.cachedRead
      ? [
          e,
          { ...e, name: `${e.name}, br`, headers: BROWSER_ENCODINGS },
          { ...e, name: `${e.name}, commits`, underWrites: true },
        ]
      : [e],
  );
}

/**
 * Empty commits (each takes a transaction id, as any write does) about once a millisecond until
 * the returned function is called.
 */
function commitsMeanwhile(pool: pg.Pool): () => Promise<void> {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await pool.query('SELECT txid_current()');
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}

/** What the bench measures, in table order: every endpoint with its variants, or BENCH_ONLY's. */
function endpoints(world: ApiWorld): Endpoint[] {
  const only = process.env.BENCH_ONLY;
  // health/live and auth/me stay: the authentication figure is their difference.
  return withVariants(plainEndpoints(world)).filter(
    (e) => !only || e.name.includes(only) || e.path === '/health/live' || e.path === '/api/auth/me',
  );
}

/** The entry bundle index.html loads, from the build the app serves (web/dist). */
function entryScript(): string {
  const shell = readFileSync(
    fileURLToPath(new URL('../web/dist/index.html', import.meta.url)),
    'utf8',
  );
  const src = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(shell)?.[1];
  if (!src) throw new Error('web/dist/index.html loads no script: run npm run build');
  return src;
}

/** New endpoints and reports join here: one line each, `target: true` when the list targets apply. */
function plainEndpoints(world: ApiWorld): Endpoint[] {
  const month = new Date();
  const from = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() - 1, 1));
  const to = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1));
  const timed = 'scheduled,publishing,published,held,unknown,failed,withdrawn,cancelled';
  const today = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), month.getUTCDate()));
  const monday = new Date(today.getTime() - ((today.getUTCDay() + 6) % 7) * DAY_MS);
  const first = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1));
  const gridStart = new Date(first.getTime() - ((first.getUTCDay() + 6) % 7) * DAY_MS);
  const yearAgo = new Date(
    Date.UTC(month.getUTCFullYear() - 1, month.getUTCMonth(), month.getUTCDate()),
  );
  const year = `campaignId=${world.campaignIds[0]}&from=${yearAgo.toISOString()}&to=${today.toISOString()}`;
  return [
    { name: 'health/live (public)', path: '/health/live', auth: false, target: false },
    { name: 'auth/me (API token)', path: '/api/auth/me', auth: true, target: false },
    // What every browser opening the UI fetches first (the entry bundle, 400 KB before
    // compression), as a browser asks for it.
    {
      name: 'web UI entry script, br',
      path: entryScript(),
      auth: false,
      target: false,
      headers: BROWSER_ENCODINGS,
      webFile: true,
    },
    { name: 'posts, newest', path: '/api/posts?limit=50', auth: true, target: true },
    {
      name: 'posts, by status',
      path: '/api/posts?status=scheduled,approved&limit=50',
      auth: true,
      target: true,
    },
    // A page halfway down the list (the 1,001st of 50 at 100,000 posts): an integration syncing
    // every post, or someone scrolling far back, reads pages this deep.
    {
      name: 'posts, newest, halfway down',
      path: `/api/posts?limit=50&cursor=${world.halfwayPostsCursor}`,
      auth: true,
      target: true,
    },
    {
      name: 'posts, by channel',
      path: `/api/posts?channelId=${world.channelIds[3]}&limit=50`,
      auth: true,
      target: true,
    },
    { name: 'review queue', path: '/api/posts/review-queue', auth: true, target: true },
    {
      name: 'calendar month',
      path: `/api/posts/calendar?from=${from.toISOString()}&to=${to.toISOString()}&status=${timed}&limit=200`,
      auth: true,
      target: true,
    },
    // Every channel's open slots in the week the calendar opens on, and in this month's grid
    // (six weeks from the Monday on or before the 1st) their count per day, all the month draws.
    {
      name: 'calendar open slots, week',
      path: `/api/slots?from=${monday.toISOString()}&to=${new Date(monday.getTime() + 7 * DAY_MS).toISOString()}`,
      auth: true,
      target: true,
    },
    {
      name: 'calendar open days, month',
      path: `/api/slots/days?from=${gridStart.toISOString()}&to=${new Date(gridStart.getTime() + 42 * DAY_MS).toISOString()}&timezone=Europe%2FLondon`,
      auth: true,
      target: true,
    },
    {
      name: 'post page',
      path: `/api/posts/${world.postId}`,
      auth: true,
      target: false,
      cachedRead: true,
    },
    // The Analytics screen as it opens on a campaign: its year by narrative, day by day, and the
    // top posts (web/src/screens/analytics).
    {
      name: 'analytics, by theme',
      path: `/api/analytics/report?${year}&groupBy=theme`,
      auth: true,
      target: true,
    },
    {
      name: 'analytics, daily series',
      path: `/api/analytics/timeseries?${year}&interval=day&timezone=Europe%2FLondon`,
      auth: true,
      target: true,
    },
    {
      name: 'analytics, top 5 posts',
      path: `/api/analytics/top-posts?${year}&order=top&by=engagements&limit=5`,
      auth: true,
      target: true,
    },
    {
      name: 'quote search',
      path: '/api/library/quotes?q=bread%20commanders&vettingStatus=vetted&verification=single_source,corroborated&limit=50',
      auth: true,
      target: true,
    },
  ];
}

interface Measured {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** The measured process's CPU time per request, ms. */
  cpuMsPerRequest: number;
}

async function load(
  server: ServerProcess,
  path: string,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
): Promise<Measured> {
  const cpuBefore = cpuTimeMs(server.pid) ?? NaN;
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}${path}`,
    connections,
    duration: seconds,
    headers,
  });
  const cpu = (cpuTimeMs(server.pid) ?? NaN) - cpuBefore;
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    // Without a completed request there is nothing to divide by (an overloaded machine).
    cpuMsPerRequest: result.requests.total > 0 ? cpu / result.requests.total : NaN,
  };
}

/** What `server` answers the endpoint: its body, and whether it was a 200. */
async function answer(
  server: ServerProcess,
  endpoint: Endpoint,
  headers: Record<string, string>,
): Promise<{ ok: true; body: string } | { ok: false; status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${server.port}${endpoint.path}`, { headers });
  const body = await res.text();
  return res.status === 200 ? { ok: true, body } : { ok: false, status: res.status, body };
}

/**
 * Every endpoint answers 200 once before it is measured (a bench of 401s measures nothing); its
 * answer is handed to the hello-world, which then serves the same body (bench/support/bare-nest.ts).
 */
async function check(
  server: ServerProcess,
  endpoint: Endpoint,
  headers: Record<string, string>,
  bare: ServerProcess,
  bodyName: string,
) {
  const answered = await answer(server, endpoint, headers);
  if (!answered.ok) {
    throw new Error(`${endpoint.name} answered ${answered.status}: ${answered.body.slice(0, 500)}`);
  }
  if (endpoint.webFile) return;
  const kept = await fetch(`http://127.0.0.1:${bare.port}/bodies/${bodyName}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: answered.body,
  });
  if (!kept.ok) throw new Error(`the hello-world refused ${endpoint.name}'s body: ${kept.status}`);
}

/** Requests that did not get a 2xx answer. */
const failuresOf = (m: Measured | undefined) => (m ? m.non2xx + m.errors : 0);

/** Bytes as whole megabytes (MiB); NaN where the figure could not be read. */
const wholeMb = (bytes: number | undefined) => Math.round((bytes ?? NaN) / 2 ** 20);

const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** The V8 heap of a server started with METRICS_TOKEN, from prom-client's default metrics. */
async function heapOf(server: ServerProcess): Promise<{
  usedBytes: number;
  totalBytes: number;
  externalBytes: number;
  oldUsedBytes: number;
  oldSizeBytes: number;
}> {
  const res = await fetch(`http://127.0.0.1:${server.port}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  const text = await res.text();
  const value = (name: string) => {
    const match = new RegExp(`^countervoice_${name} (\\S+)$`, 'm').exec(text);
    if (!match) throw new Error(`${server.name} /metrics has no ${name} (${res.status})`);
    return Number(match[1]);
  };
  return {
    usedBytes: value('nodejs_heap_size_used_bytes'),
    totalBytes: value('nodejs_heap_size_total_bytes'),
    externalBytes: value('nodejs_external_memory_bytes'),
    oldUsedBytes: value('nodejs_heap_space_size_used_bytes\\{space="old"\\}'),
    oldSizeBytes: value('nodejs_heap_space_size_total_bytes\\{space="old"\\}'),
  };
}

async function main(): Promise<void> {
  assertBuilt();
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const { pool, world, startApi } = await startApiBench('cv_bench_api', cleanups, {
      env: { METRICS_TOKEN },
    });

    const profile = process.env.BENCH_CPU_PROF === '1';
    if (profile) mkdirSync(CPU_PROFILE_DIR, { recursive: true });
    const api = await startApi(
      'api',
      APP_JS,
      profile ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE_DIR}`] : [],
    );
    const baseline = BASELINE_JS ? await startApi('baseline api', BASELINE_JS) : undefined;
    const bare = await startServer(
      'bare NestJS',
      ['--import', 'tsx', fileURLToPath(new URL('./support/bare-nest.ts', import.meta.url))],
      { NODE_ENV: 'production' },
      await freePort(),
      '/hello',
    );
    cleanups.unshift(() => bare.stop());

    const list = endpoints(world);
    const headersOf = (e: Endpoint): Record<string, string> => ({
      ...e.headers,
      ...(e.auth ? { authorization: `Bearer ${world.token}` } : {}),
    });
    const sameBody = (i: number) => `/bodies/${i}`;
    /** The endpoints the baseline build answers (it may predate some). */
    const onBaseline = new Set<Endpoint>();
    for (const [i, e] of list.entries()) {
      await check(api, e, headersOf(e), bare, String(i));
      await load(api, e.path, headersOf(e), 16, WARM_UP_SECONDS);
      if (!e.webFile) await load(bare, sameBody(i), e.headers ?? {}, 16, WARM_UP_SECONDS);
      if (!baseline || !(await answer(baseline, e, headersOf(e))).ok) continue;
      onBaseline.add(e);
      await load(baseline, e.path, headersOf(e), 16, WARM_UP_SECONDS);
    }
    await load(bare, '/hello', {}, 16, WARM_UP_SECONDS);

    const loadBefore = loadavg()[0]!;
    const rows: {
      endpoint: string;
      connections: number;
      target: boolean;
      measured: Measured;
      ratio: number;
      /** The hello-world serving this endpoint's body (16 connections only), and its ratio. */
      ceiling?: { requestsPerSecond: number; ratio: number };
      /** The baseline build on the same endpoint, measured right after. */
      baseline?: Measured;
    }[] = [];
    const bareByLevel = new Map<number, Measured>();
    for (const connections of CONNECTIONS) {
      print(`Measuring at ${connections} connections, ${SECONDS} s each…`);
      // The hello-world before and after the level, averaged: the machine's load drifts.
      const before = await load(bare, '/hello', {}, connections, SECONDS);
      const measured = [];
      for (const [i, e] of list.entries()) {
        const stopWrites = e.underWrites ? commitsMeanwhile(pool) : undefined;
        const m = await load(api, e.path, headersOf(e), connections, SECONDS);
        const onOld =
          baseline && onBaseline.has(e)
            ? await load(baseline, e.path, headersOf(e), connections, SECONDS)
            : undefined;
        await stopWrites?.();
        // Where the targets are judged: what the framework alone does with a body this large.
        const ceiling =
          connections === 16 && !e.webFile
            ? await load(bare, sameBody(i), e.headers ?? {}, connections, SECONDS)
            : undefined;
        measured.push({ e, m, ceiling, onOld });
      }
      const after = await load(bare, '/hello', {}, connections, SECONDS);
      const bareRate = (before.requestsPerSecond + after.requestsPerSecond) / 2;
      const bareRow = {
        ...before,
        requestsPerSecond: bareRate,
        p99: Math.max(before.p99, after.p99),
      };
      bareByLevel.set(connections, bareRow);
      rows.push({
        endpoint: 'bare NestJS hello',
        connections,
        target: false,
        measured: bareRow,
        ratio: 1,
      });
      for (const { e, m, ceiling, onOld } of measured) {
        rows.push({
          baseline: onOld,
          endpoint: e.name,
          connections,
          target: e.target,
          measured: m,
          ratio: m.requestsPerSecond / bareRate,
          ceiling: ceiling && {
            requestsPerSecond: ceiling.requestsPerSecond,
            ratio: ceiling.requestsPerSecond / bareRate,
          },
        });
      }
    }
    const rssApi = residentBytes(api.pid);
    const kindsApi = residentKinds(api.pid);
    const heapApi = await heapOf(api);
    const rssBare = residentBytes(bare.pid);
    const rssBaseline = baseline && residentBytes(baseline.pid);

    const verdict = (r: (typeof rows)[number]) =>
      !r.target || r.connections !== 16
        ? ''
        : r.ratio >= TARGET_RATIO && r.measured.p99 <= TARGET_P99_MS
          ? 'met'
          : 'MISSED';
    print();
    print(
      table([
        [
          'endpoint',
          'conn',
          'req/s',
          'p50 ms',
          'p99 ms',
          'CPU ms/req',
          'of bare',
          'bare, same body',
          'app of that',
          ...(baseline ? ['baseline req/s', 'baseline CPU', 'app/baseline'] : []),
          'non-2xx',
          'target',
        ],
        ...rows.map((r) => [
          r.endpoint,
          String(r.connections),
          String(Math.round(r.measured.requestsPerSecond)),
          r.measured.requestsPerSecond > 0 ? String(r.measured.p50) : 'n/a',
          r.measured.requestsPerSecond > 0 ? String(r.measured.p99) : 'n/a',
          fixed(r.measured.cpuMsPerRequest, 2),
          `${fixed(r.ratio * 100)} %`,
          r.ceiling
            ? `${Math.round(r.ceiling.requestsPerSecond)} (${fixed(r.ceiling.ratio * 100)} %)`
            : '',
          r.ceiling
            ? `${fixed((r.measured.requestsPerSecond / r.ceiling.requestsPerSecond) * 100)} %`
            : '',
          ...(baseline
            ? r.baseline
              ? [
                  String(Math.round(r.baseline.requestsPerSecond)),
                  fixed(r.baseline.cpuMsPerRequest, 2),
                  `${fixed(r.measured.requestsPerSecond / r.baseline.requestsPerSecond, 2)}×`,
                ]
              : ['', '', '']
            : []),
          String(failuresOf(r.measured) + failuresOf(r.baseline)),
          verdict(r),
        ]),
      ]),
    );
    const at16 = (name: string) => rows.find((r) => r.connections === 16 && r.endpoint === name);
    // Authentication's cost: the same framework path with and without resolving a token.
    const authCpuMs =
      at16('auth/me (API token)')!.measured.cpuMsPerRequest -
      at16('health/live (public)')!.measured.cpuMsPerRequest;
    print();
    print(
      `Auth: /api/auth/me with a token costs ${fixed(authCpuMs, 3)} ms more CPU per request than public /health/live (target ≤ 0.2).`,
    );
    const mb = (bytes: number | undefined) => fixed(wholeMb(bytes), 0);
    print(
      `RSS after the run: api ${mb(rssApi)} MB (target < 300; anonymous ${mb(kindsApi.anonBytes)} MB, pages of files ${mb(kindsApi.fileBytes)} MB; the most it held ${mb(kindsApi.peakBytes)} MB), ${baseline ? `baseline build ${mb(rssBaseline)} MB, ` : ''}bare ${mb(rssBare)} MB.`,
    );
    print(
      `api V8 heap after the run: ${mb(heapApi.usedBytes)} MB used (garbage not yet collected included) of ${mb(heapApi.totalBytes)} MB, old space ${mb(heapApi.oldUsedBytes)} of ${mb(heapApi.oldSizeBytes)} MB; buffers outside it ${mb(heapApi.externalBytes)} MB; anonymous memory outside both (malloc's arenas, stacks) ${mb((kindsApi.anonBytes ?? NaN) - heapApi.totalBytes - heapApi.externalBytes)} MB.`,
    );
    print(
      `Machine: ${availableParallelism()} cores, load average ${fixed(loadBefore, 2)} → ${fixed(loadavg()[0]!, 2)}; figures are indicative, ratios are the result.`,
    );
    print(`App build: ${APP_JS}${BASELINE_JS ? `; baseline build: ${BASELINE_JS}` : ''}`);
    let frames: Frame[] = [];
    if (profile) {
      // The profile is written when the process exits.
      await api.stop();
      const file = newestProfile(CPU_PROFILE_DIR);
      if (file) {
        frames = topFrames(file, 15);
        print(`Top frames by self time in the api process (${file}):`);
        for (const f of frames) print(`  ${fixed(f.selfShare * 100)} %  ${f.frame}`);
      }
    }
    print(
      JSON.stringify({
        bench: 'api',
        build: APP_JS,
        ...(BASELINE_JS ? { baselineBuild: BASELINE_JS } : {}),
        seconds: SECONDS,
        size: SIZE,
        bare: Object.fromEntries(
          [...bareByLevel].map(([c, m]) => [c, Math.round(m.requestsPerSecond)]),
        ),
        endpoints: rows.map((r) => ({
          endpoint: r.endpoint,
          connections: r.connections,
          requestsPerSecond: Math.round(r.measured.requestsPerSecond),
          p50Ms: r.measured.p50,
          p99Ms: r.measured.p99,
          cpuMsPerRequest: Number(fixed(r.measured.cpuMsPerRequest, 3)),
          ofBare: Number(fixed(r.ratio, 3)),
          ...(r.baseline
            ? {
                baselineRequestsPerSecond: Math.round(r.baseline.requestsPerSecond),
                baselineCpuMsPerRequest: Number(fixed(r.baseline.cpuMsPerRequest, 3)),
              }
            : {}),
          ...(r.ceiling
            ? {
                bareSameBodyRequestsPerSecond: Math.round(r.ceiling.requestsPerSecond),
                bareSameBodyOfBare: Number(fixed(r.ceiling.ratio, 3)),
              }
            : {}),
          failures: failuresOf(r.measured) + failuresOf(r.baseline),
          target: verdict(r) || undefined,
        })),
        authCpuMsPerRequest: Number(fixed(authCpuMs, 3)),
        rssApiMb: wholeMb(rssApi),
        rssApiPeakMb: wholeMb(kindsApi.peakBytes),
        heapApiMb: {
          used: wholeMb(heapApi.usedBytes),
          total: wholeMb(heapApi.totalBytes),
          external: wholeMb(heapApi.externalBytes),
          anon: wholeMb(kindsApi.anonBytes),
        },
        loadAverage: [Number(fixed(loadBefore, 2)), Number(fixed(loadavg()[0]!, 2))],
        ...(frames.length ? { topFrames: frames } : {}),
      }),
    );
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

await main();
