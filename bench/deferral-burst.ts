/**
 * Deferral burst (about 1 min, 127.0.0.1 only, torn down at the end): 2,000 posts fall due at one
 * instant over 100 X channels that keep 30 minutes between posts, as after an outage or at the end
 * of a pause. Each channel may send one post now; the engine defers the others. Prints how long
 * until every post was published or deferred, the transactions PostgreSQL rolled back meanwhile
 * (a deferral that found its slot taken), claims per post, and how each channel's deferred posts
 * were spread over its calendar: how many channels' deferred posts keep its spacing, and when the
 * last one goes (a channel's 20 posts need 9.5 h).
 *
 * Two `node dist/main.js` worker processes (APP_ROLE=worker) against a scratch database, a private
 * redis-server and the fake X, as in bench/publish.ts.
 *
 *   npm run bench:deferrals           # builds the server (nest build) first
 *   BENCH_HOLD=1 npm run bench:deferrals   # an emergency stop (a global pause that holds) is in
 *                                          # force when they fall due: every post is held instead
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { DEFAULT_PUBLISH_CONCURRENCY, loadConfig } from '../src/config/app-config.js';
import { print, sleep, table } from './support/figures.js';
import { startEngineWorld } from './support/engine-world.js';
import { roundRobin, seedScheduledPosts } from './support/seed.js';
import { EngineWakeUps } from './support/wake-ups.js';
import { Teardown } from './support/teardown.js';
import { assertBuilt, WorkerFleet } from './support/worker-processes.js';

const WORKERS = 2;
const CHANNELS = 100;
const POSTS = 2_000;
const SPACING_MINUTES = 30;
const LEAD_MS = 15_000;
/** Past this the first wave has not settled: the run says so instead of waiting on. */
const SETTLE_DEADLINE_MS = 120_000;
const RUN_DEADLINE_MS = 5 * 60_000;
const HOLD = process.env.BENCH_HOLD === '1';

interface Counters {
  commits: number;
  rollbacks: number;
}

/** Transactions PostgreSQL committed and rolled back in the scratch database. */
async function counters(pool: pg.Pool): Promise<Counters> {
  const { rows } = await pool.query<{ commits: string; rollbacks: string }>(
    `SELECT xact_commit AS commits, xact_rollback AS rollbacks
     FROM pg_stat_database WHERE datname = current_database()`,
  );
  return { commits: Number(rows[0]!.commits), rollbacks: Number(rows[0]!.rollbacks) };
}

/** Waits until no post is being published and none is still due by `dueBy`. */
async function firstWave(pool: pg.Pool, ids: readonly string[], dueBy: Date, deadline: number) {
  for (;;) {
    const { rows } = await pool.query<{ open: number }>(
      `SELECT count(*)::int AS open FROM posts WHERE id = ANY($1)
         AND (status IN ('publishing', 'unknown') OR (status = 'scheduled' AND scheduled_at <= $2))`,
      [ids, dueBy],
    );
    if (rows[0]!.open === 0) return true;
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
}

async function main(): Promise<void> {
  assertBuilt();
  const runId = randomBytes(3).toString('hex');
  const cleanups = new Teardown('bench', RUN_DEADLINE_MS);

  try {
    print(`Deferral burst ${runId}: setting up (scratch database, private Redis, fake X)…`);
    const { pool, world, env } = await startEngineWorld(cleanups, {
      databasePrefix: 'cv_bench_deferrals',
      queuePrefix: `bench-${runId}`,
      redisHz: 100,
      channels: CHANNELS,
      fakeX: { latencyMs: 20, accounts: [] },
    });
    await pool.query('UPDATE channels SET min_spacing_minutes = $1', [SPACING_MINUTES]);
    if (HOLD)
      await pool.query(
        `INSERT INTO pauses (kind, scope, action, starts_at, reason)
         VALUES ('pause', 'global', 'hold', now(), 'Bench: emergency stop')`,
      );

    const fleet = new WorkerFleet(env, { logFile: `/tmp/cv-bench-deferrals-${runId}.log` });
    cleanups.push(() => fleet.stopAll());
    await Promise.all(Array.from({ length: WORKERS }, () => fleet.start()));
    const wakeUps = new EngineWakeUps(loadConfig(env));
    cleanups.push(() => wakeUps.close());

    const due = Date.now() + LEAD_MS;
    const posts = await seedScheduledPosts(
      pool,
      world,
      roundRobin(
        world.channels,
        POSTS,
        () => new Date(due),
        (i) => `Deferral ${runId} #${i}: the commanders ate while the fighters went hungry.`,
      ),
    );
    await wakeUps.wake(posts);
    if (Date.now() >= due) throw new Error('Seeding overran the due time');
    print(
      `${POSTS} posts due at one instant over ${CHANNELS} channels spaced ${SPACING_MINUTES} min apart; ` +
        `${WORKERS} workers × concurrency ${DEFAULT_PUBLISH_CONCURRENCY}…`,
    );
    await sleep(due - Date.now() - 500);
    const before = await counters(pool);
    const ids = posts.map((p) => p.id);
    // A channel's posts are 1 ms apart (no two may share a slot): all are due within a second.
    const settled = await firstWave(pool, ids, new Date(due + 1_000), due + SETTLE_DEADLINE_MS);
    const settledMs = Date.now() - due;
    // An idle backend reports its counters up to 10 s late.
    await sleep(11_000);
    const after = await counters(pool);

    const { rows } = await pool.query<{
      channel_id: string;
      published: number;
      deferred: number;
      held: number;
      min_gap_s: number | null;
      last_s: number | null;
      claims: number;
    }>(
      `WITH p AS (SELECT * FROM posts WHERE id = ANY($1)),
       d AS (
         SELECT channel_id, scheduled_at,
           extract(epoch FROM scheduled_at - lag(scheduled_at) OVER (
             PARTITION BY channel_id ORDER BY scheduled_at)) AS gap
         FROM p WHERE status = 'scheduled')
       SELECT c.channel_id,
         (SELECT count(*)::int FROM p WHERE p.channel_id = c.channel_id AND status = 'published') AS published,
         (SELECT count(*)::int FROM d WHERE d.channel_id = c.channel_id) AS deferred,
         (SELECT count(*)::int FROM p WHERE p.channel_id = c.channel_id AND status = 'held') AS held,
         (SELECT min(gap)::float FROM d WHERE d.channel_id = c.channel_id) AS min_gap_s,
         (SELECT extract(epoch FROM max(scheduled_at) - to_timestamp($2 / 1000.0))::float
            FROM d WHERE d.channel_id = c.channel_id) AS last_s,
         (SELECT count(*)::int FROM publish_attempts a JOIN p ON p.id = a.post_id
            WHERE p.channel_id = c.channel_id) AS claims
       FROM (SELECT DISTINCT channel_id FROM p) c`,
      [ids, due],
    );
    const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
    const published = sum((r) => r.published);
    const deferred = sum((r) => r.deferred);
    const held = sum((r) => r.held);
    const claims = sum((r) => r.claims);
    const rollbacks = after.rollbacks - before.rollbacks;
    const commits = after.commits - before.commits;
    const minGap = Math.min(...rows.map((r) => r.min_gap_s ?? Infinity));
    const lastHours = Math.max(...rows.map((r) => r.last_s ?? 0)) / 3_600;
    const spaced = rows.filter((r) => (r.min_gap_s ?? Infinity) >= SPACING_MINUTES * 60).length;

    print();
    print(
      table([
        ['first wave', 'figure'],
        [
          'due instant → every post published, deferred or held',
          settled
            ? `${(settledMs / 1000).toFixed(1)} s`
            : `not within ${SETTLE_DEADLINE_MS / 1000} s`,
        ],
        ['published now / deferred / held', `${published} / ${deferred} / ${held}`],
        ['claims (publish attempts) per post', (claims / POSTS).toFixed(2)],
        ['PostgreSQL transactions committed / rolled back', `${commits} / ${rollbacks}`],
        ['rolled back per deferred post', (rollbacks / Math.max(1, deferred)).toFixed(2)],
        [
          'closest two deferred posts of a channel',
          Number.isFinite(minGap) ? `${minGap.toFixed(3)} s` : 'n/a',
        ],
        ['channels whose deferred posts keep its spacing', `${spaced} of ${rows.length}`],
        ['last deferred post, after the due instant', `${lastHours.toFixed(2)} h`],
      ]),
    );
    print(
      `    Each channel keeps ${SPACING_MINUTES} min between posts, so its ${POSTS / CHANNELS} posts need ` +
        `${(((POSTS / CHANNELS - 1) * SPACING_MINUTES) / 60).toFixed(1)} h whatever the engine does.`,
    );
    print(
      JSON.stringify({
        bench: 'deferrals',
        runId,
        setup: {
          workers: WORKERS,
          concurrency: DEFAULT_PUBLISH_CONCURRENCY,
          channels: CHANNELS,
          posts: POSTS,
          spacingMinutes: SPACING_MINUTES,
          hold: HOLD,
        },
        settledMs: settled ? settledMs : null,
        published,
        deferred,
        held,
        claimsPerPost: Number((claims / POSTS).toFixed(2)),
        commits,
        rollbacks,
        minGapSeconds: Number.isFinite(minGap) ? Number(minGap.toFixed(3)) : null,
        channelsKeepingSpacing: spaced,
        lastDeferredHours: Number(lastHours.toFixed(2)),
      }),
    );
  } finally {
    await cleanups.run();
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
