/**
 * Chaos run (bounded, under 5 min, 127.0.0.1 only): 1,200 posts over 60 X channels (OAuth 1.0a)
 * fall due over two minutes while the fake X answers with 429s, 5xx (before and after taking the
 * post), accept-then-hang and duplicate-content 403s, worker processes are SIGKILLed at random
 * and restarted, and Redis is flushed once. Then the platform recovers, the reconcilers settle
 * what is left, and every post is checked against what the fake X holds.
 *
 * The fake X's own duplicate-content check is off here, so a post sent twice shows up as two
 * posts instead of being refused by the platform: the engine must not rely on X for that.
 * The texts hold what X rewrites (`&`, `<`, `>`, URLs with queries and bare domains, CRLF,
 * decomposed accents) beside Arabic, CJK and emoji, so every resolution of an ambiguous create
 * goes through X's canonical text comparison.
 *
 * Prints published / duplicates / lost / unknown-left (and lists failed and held posts with their
 * reasons); exits 1 on any duplicate, lost post, record that disagrees with X, or breach of the
 * live-post invariant: every post live on X is tracked by exactly one post in the database, as
 * published or flagged for retraction, and no text is live twice on one account.
 *
 *   npm run chaos
 *   CHAOS_PAUSES=1 npm run chaos   # also freezes a worker (SIGSTOP) past the stale-claim time now and then
 *   CHAOS_THREAD_SEGMENTS=3 npm run chaos   # 400 threads of 3 segments instead of 1,200 posts
 *   CHAOS_SPACING_MINUTES=1 npm run chaos   # every channel keeps a minute between posts
 *
 * With spacing, a channel sends a few of its posts in the run and defers the rest past it: a post
 * still scheduled for later, with nothing of it on X, is waiting, not lost. What did go out must
 * keep the spacing on X, give or take the claim's lease (a post counts as sent from its claim).
 *
 * A thread is judged segment by segment: every segment live on X is the one its post tracks at
 * that place, each a reply to the one before, and a published thread has all of them live.
 */
import { randomBytes } from 'node:crypto';
import type { FakeX } from '../test/fake-x/fake-x-server.js';
import type { FakeTweet } from '../test/fake-x/store.js';
import type { FaultSpec } from '../test/fake-x/faults.js';
import { xRewrite } from '../test/fake-x/x-text-rewrite.js';
import { CREATE_ENDPOINT, createsOf, liveTextCounts } from './support/fake-x-ledger.js';
import { print, sleep, table } from './support/figures.js';
import { livePostProblems, type LivePostProblem } from './support/live-posts-invariant.js';
import { startEngineWorld } from './support/engine-world.js';
import { roundRobin, seedScheduledPosts, type SeededPost } from './support/seed.js';
import { Teardown } from './support/teardown.js';
import { assertBuilt, WorkerFleet } from './support/worker-processes.js';

/** The same 1,200 creates either way: 20 per account, within X's 100 per 15 minutes. */
const CREATES = 1_200;
const THREAD_SEGMENTS = Number(process.env.CHAOS_THREAD_SEGMENTS ?? 1);
if (!Number.isInteger(THREAD_SEGMENTS) || THREAD_SEGMENTS < 1 || THREAD_SEGMENTS > 25)
  throw new Error('CHAOS_THREAD_SEGMENTS must be a whole number from 1 to 25 (X threads here)');
const POSTS = Math.round(CREATES / THREAD_SEGMENTS);
const KIND = THREAD_SEGMENTS === 1 ? 'posts' : `threads of ${THREAD_SEGMENTS} segments`;
const CHANNELS = 60;
const WORKERS = 3;
const LEAD_MS = 15_000;
const DUE_SPREAD_MS = 120_000;
const FLUSH_AT_MS = 60_000;
const KILL_EVERY_MS: [number, number] = [4_000, 10_000];
const RESTART_AFTER_MS: [number, number] = [500, 3_000];
const SPACING_MINUTES = Number(process.env.CHAOS_SPACING_MINUTES ?? 0);
if (!Number.isInteger(SPACING_MINUTES) || SPACING_MINUTES < 0 || SPACING_MINUTES > 60)
  throw new Error('CHAOS_SPACING_MINUTES must be a whole number of minutes from 0 to 60');
/** The workers' STALE_CLAIM_SECONDS: no create starts later than this after its claim was renewed. */
const STALE_CLAIM_SECONDS = 5;
const PAUSES = process.env.CHAOS_PAUSES === '1';
const PAUSE_EVERY_MS: [number, number] = [8_000, 15_000];
/** Longer than STALE_CLAIM_SECONDS plus a reconcile interval, so the frozen worker's claims expire. */
const PAUSE_FOR_MS = 8_000;
const SETTLE_MS = 75_000;
const RUN_DEADLINE_MS = 290_000;

const TIMELINE_ENDPOINT = 'GET /2/users/:id/tweets';
const FAULTS: FaultSpec[] = [
  { endpoint: CREATE_ENDPOINT, kind: '429', probability: 0.03, resetInSec: 2 },
  { endpoint: CREATE_ENDPOINT, kind: '5xx', probability: 0.03 },
  { endpoint: CREATE_ENDPOINT, kind: '5xx-after-accept', probability: 0.03, status: 502 },
  { endpoint: CREATE_ENDPOINT, kind: 'accept-then-hang', probability: 0.02 },
  { endpoint: CREATE_ENDPOINT, kind: 'duplicate', probability: 0.01 },
  // The reconciler's reads fail too now and then; an unknown post must then wait, not guess.
  { endpoint: TIMELINE_ENDPOINT, kind: '5xx', probability: 0.05 },
];

/**
 * The post texts, unique per run and post (the number sits outside any URL, so no two texts of
 * one channel are the same once X has replaced their links).
 */
const CORPUS: ((tag: string) => string)[] = [
  (tag) => `${tag}: brothers killed other rebels instead of the regime.`,
  (tag) => `${tag}: Q&A <live> with a defector, read https://example.com/report?id=7&lang=ar#top.`,
  (tag) => `${tag}: قالوا إن القتال كان بين الإخوة 👍🏽 example.org/شهادة`,
  (tag) =>
    `${tag}: 日本語 & 中文 &amp; 한국어\r\nsecond line <b>not bold</b> (news.example.com/a?x=1&y=2)`,
  (tag) => `${tag}: Cafe\u0301 talk, 👨‍👩‍👧‍👦 left Raqqa\rsee https://bit.ly/cv?ref=chaos, and x.com!`,
];

const between = ([low, high]: [number, number]) => low + Math.random() * (high - low);
const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

interface PostRecord {
  id: string;
  status: string;
  scheduled_at: Date | null;
  external_ids: string[];
  needs_retraction: boolean;
  last_error: string | null;
  status_reason: string | null;
}

interface Verdict {
  published: SeededPost[];
  duplicates: { post: SeededPost; live: number }[];
  lost: { post: SeededPost; why: string }[];
  mismatched: { post: SeededPost; why: string }[];
  unknownLeft: SeededPost[];
  explained: { post: SeededPost; status: string; reason: string }[];
  /** Deferred past the run by its channel's spacing, nothing of it on X. */
  waiting: SeededPost[];
}

/**
 * What is wrong between a post's segments, as X stores them (`stored`), and the account's
 * timeline: a segment the post tracks must be live under the tracked id, replying to the segment
 * before it; a segment it does not track must not be live. `missing` is a tracked one not live.
 */
function segmentProblem(
  timeline: readonly FakeTweet[],
  stored: readonly string[],
  externalIds: readonly string[],
): { missing: boolean; why: string } | undefined {
  for (const [k, text] of stored.entries()) {
    const tweet = timeline.find((t) => t.text === text);
    const tracked = externalIds[k];
    const segment = `segment ${k + 1}`;
    if (tracked === undefined) {
      if (tweet) return { missing: false, why: `${segment} live on X but not tracked` };
      continue;
    }
    if (!tweet) return { missing: true, why: `${segment} tracked but not on X` };
    if (tweet.id !== tracked)
      return { missing: false, why: `${segment}: recorded id ${tracked} ≠ ${tweet.id}` };
    if (k > 0 && tweet.inReplyToTweetId !== externalIds[k - 1])
      return { missing: false, why: `${segment} does not reply to segment ${k}` };
  }
  return undefined;
}

/** A post its channel's spacing deferred past the run (only when the run spaces channels). */
const waitingForSpacing = (record: PostRecord | undefined) =>
  SPACING_MINUTES > 0 &&
  record?.status === 'scheduled' &&
  record.scheduled_at !== null &&
  record.scheduled_at.getTime() > Date.now();

/**
 * The posts (a thread by its first segment) that went out on an account closer together than the
 * spacing allows, beyond the claim's lease: the spacing counts from a post's claim, and a create
 * may start up to the lease after it.
 */
function spacingBreaches(fake: FakeX, accountIds: readonly string[], runTag: string) {
  const slackMs = STALE_CLAIM_SECONDS * 1000;
  return accountIds.flatMap((accountId) => {
    const sent = fake
      .timeline(accountId)
      .filter((t) => !t.inReplyToTweetId && t.text.includes(runTag))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    return sent.slice(1).flatMap((tweet, k) => {
      const gapMs = tweet.createdAt.getTime() - sent[k]!.createdAt.getTime();
      return gapMs < SPACING_MINUTES * 60_000 - slackMs
        ? [{ accountId, gapMs, texts: [sent[k]!.text, tweet.text] }]
        : [];
    });
  });
}

/** Holds every post's record against what the fake X has on its account. */
function judge(
  fake: FakeX,
  posts: readonly SeededPost[],
  records: Map<string, PostRecord>,
  accountOf: Map<string, string>,
): Verdict {
  const verdict: Verdict = {
    published: [],
    duplicates: [],
    lost: [],
    mismatched: [],
    unknownLeft: [],
    explained: [],
    waiting: [],
  };
  const live = new Map<string, Map<string, number>>();
  const liveOn = (accountId: string) => {
    let counts = live.get(accountId);
    if (!counts) live.set(accountId, (counts = liveTextCounts(fake, accountId)));
    return counts;
  };
  for (const post of posts) {
    const record = records.get(post.id);
    const accountId = accountOf.get(post.channelId)!;
    // X keeps its own form of the text; the fake's copy of it is what to look for.
    const stored = post.segments.map(xRewrite);
    const copies = Math.max(...stored.map((text) => liveOn(accountId).get(text) ?? 0));
    if (copies > 1) verdict.duplicates.push({ post, live: copies });
    const status = record?.status ?? 'missing';
    const problem = record && segmentProblem(fake.timeline(accountId), stored, record.external_ids);
    if (status === 'published') {
      if (problem?.missing) verdict.lost.push({ post, why: `published, but ${problem.why}` });
      else if (problem) verdict.mismatched.push({ post, why: problem.why });
      else if (record!.external_ids.length !== stored.length)
        verdict.lost.push({
          post,
          why: `published with ${record!.external_ids.length} of ${stored.length} segments`,
        });
      else verdict.published.push(post);
    } else if (status === 'unknown') {
      verdict.unknownLeft.push(post);
    } else if (waitingForSpacing(record)) {
      if (problem) verdict.mismatched.push({ post, why: `waiting, but ${problem.why}` });
      else verdict.waiting.push(post);
    } else if (status === 'failed' || status === 'held') {
      // A thread that stopped part-way keeps its live segments tracked; a single post has none.
      if (problem) verdict.mismatched.push({ post, why: `${status}, but ${problem.why}` });
      else if (record!.external_ids.length === stored.length)
        verdict.mismatched.push({ post, why: `${status}, but every segment is live` });
      else
        verdict.explained.push({
          post,
          status,
          reason: (status === 'failed' ? record!.last_error : record!.status_reason) ?? '',
        });
    } else {
      verdict.lost.push({
        post,
        why: `${status}${copies > 0 ? ' (live on X)' : ''} when the run ended`,
      });
    }
  }
  return verdict;
}

/** The live-post invariant over every seeded account, against every post in the database. */
function livePostInvariant(
  fake: FakeX,
  channels: readonly { accountId: string }[],
  records: readonly PostRecord[],
): LivePostProblem[] {
  const live = channels.flatMap(({ accountId }) =>
    fake.timeline(accountId).map((t) => ({ accountId, externalId: t.id, text: t.text })),
  );
  return livePostProblems(
    live,
    records.map((r) => ({
      id: r.id,
      status: r.status,
      externalIds: r.external_ids,
      needsRetraction: r.needs_retraction,
    })),
  );
}

async function main(): Promise<void> {
  assertBuilt();
  const runId = randomBytes(3).toString('hex');
  const started = Date.now();
  const cleanups = new Teardown('chaos', RUN_DEADLINE_MS);

  let failed = false;
  try {
    print(`Chaos run ${runId}: setting up (scratch database, private Redis, fake X)…`);
    const { redis, pool, fake, world, env } = await startEngineWorld(cleanups, {
      databasePrefix: 'cv_chaos',
      queuePrefix: `chaos-${runId}`,
      redisHz: 10,
      channels: CHANNELS,
      fakeX: { latencyMs: 20, accounts: [], duplicateWindowSec: 0 },
      env: {
        X_TIMEOUT_MS: '1000',
        STALE_CLAIM_SECONDS: String(STALE_CLAIM_SECONDS),
        RECONCILE_INTERVAL_SECONDS: '2',
      },
    });
    const accountOf = new Map(world.channels.map((c) => [c.id, c.accountId]));
    if (SPACING_MINUTES > 0)
      await pool.query('UPDATE channels SET min_spacing_minutes = $1', [SPACING_MINUTES]);

    const fleet = new WorkerFleet(env, { logFile: `/tmp/cv-chaos-${runId}.log` });
    cleanups.push(() => fleet.stopAll());

    // The reconcilers wake every post (all are within the horizon) as soon as workers start.
    const start = Date.now() + LEAD_MS;
    const posts = await seedScheduledPosts(
      pool,
      world,
      roundRobin(
        world.channels,
        POSTS,
        (i) => new Date(start + Math.round((i * DUE_SPREAD_MS) / POSTS)),
        (i) => CORPUS[i % CORPUS.length]!(`Chaos ${runId} #${i}`),
      ),
      THREAD_SEGMENTS,
    );
    await Promise.all(Array.from({ length: WORKERS }, () => fleet.start()));
    for (const fault of FAULTS) fake.inject(fault);
    print(
      `${POSTS} ${KIND} over ${CHANNELS} channels due from +${((start - Date.now()) / 1000).toFixed(0)} s ` +
        `for ${DUE_SPREAD_MS / 1000} s; ${WORKERS} workers; faults: ` +
        FAULTS.map((f) => `${f.endpoint} ${f.kind} p=${f.probability}`).join(', '),
    );

    const end = start + DUE_SPREAD_MS;
    let kills = 0;
    let flushedAt: number | undefined;
    const restarts: Promise<unknown>[] = [];
    let restartFailure: unknown;
    let nextKill = Date.now() + between(KILL_EVERY_MS);
    let pauses = 0;
    const resumes: Promise<unknown>[] = [];
    let nextPause = PAUSES ? Date.now() + between(PAUSE_EVERY_MS) : Infinity;
    while (Date.now() < end) {
      if (Date.now() >= nextPause && fleet.running.length > 0) {
        const victims = fleet.running;
        const victim = victims[Math.floor(Math.random() * victims.length)]!;
        pauses += 1;
        print(`  ${elapsed(started)}: SIGSTOP ${victim.name} for ${PAUSE_FOR_MS / 1000} s`);
        resumes.push(fleet.pause(victim, PAUSE_FOR_MS));
        nextPause = Date.now() + between(PAUSE_EVERY_MS);
      }
      if (flushedAt === undefined && Date.now() >= start + FLUSH_AT_MS) {
        await redis.client.flushall();
        flushedAt = Date.now();
        print(`  ${elapsed(started)}: Redis flushed (FLUSHALL)`);
      }
      if (Date.now() >= nextKill && fleet.running.length > 0) {
        const victims = fleet.running;
        const victim = victims[Math.floor(Math.random() * victims.length)]!;
        await fleet.kill(victim, 'SIGKILL');
        kills += 1;
        const delay = between(RESTART_AFTER_MS);
        print(
          `  ${elapsed(started)}: SIGKILL ${victim.name} (pid ${victim.pid}); restart in ${(delay / 1000).toFixed(1)} s`,
        );
        restarts.push(
          sleep(delay)
            .then(() => fleet.start())
            .catch((error: unknown) => (restartFailure ??= error)),
        );
        nextKill = Date.now() + between(KILL_EVERY_MS);
      }
      await sleep(200);
    }
    await Promise.all([...restarts, ...resumes]);
    if (restartFailure) throw restartFailure;
    while (fleet.running.length < WORKERS) await fleet.start();

    const faultHits = fake
      .faults()
      .map(
        (f) => `${f.kind}${f.endpoint === TIMELINE_ENDPOINT ? ' (timeline read)' : ''} ${f.hits}`,
      );
    fake.clearFaults();
    print(`  ${elapsed(started)}: faults off, ${fleet.running.length} workers up; settling…`);

    const settleDeadline = Date.now() + SETTLE_MS;
    const ids = posts.map((p) => p.id);
    let records = new Map<string, PostRecord>();
    for (;;) {
      const { rows } = await pool.query<PostRecord>(
        `SELECT id, status, scheduled_at, external_ids, needs_retraction, last_error, status_reason
         FROM posts WHERE id = ANY($1)`,
        [ids],
      );
      records = new Map(rows.map((r) => [r.id, r]));
      const open = rows.filter(
        (r) => ['scheduled', 'publishing', 'unknown'].includes(r.status) && !waitingForSpacing(r),
      );
      if (open.length === 0 || Date.now() > settleDeadline) break;
      await sleep(1_000);
    }
    const settledIn = Date.now() - end;

    const verdict = judge(fake, posts, records, accountOf);
    const invariant = livePostInvariant(fake, world.channels, [...records.values()]);
    const tooClose =
      SPACING_MINUTES > 0
        ? spacingBreaches(
            fake,
            world.channels.map((c) => c.accountId),
            `Chaos ${runId} #`,
          )
        : [];
    const statusCounts = new Map<string, number>();
    for (const r of records.values())
      statusCounts.set(r.status, (statusCounts.get(r.status) ?? 0) + 1);
    const creates = fake.requestsTo(CREATE_ENDPOINT).length;
    const resent = posts.filter((p) =>
      p.segments.some((text) => createsOf(fake, text).length > 1),
    ).length;

    print();
    print(
      `Chaos: ${kills} SIGKILLs (each restarted), ${pauses} SIGSTOP pauses, Redis flushed at +${(((flushedAt ?? start) - start) / 1000).toFixed(0)} s ` +
        `after the first due time, settled ${(settledIn / 1000).toFixed(0)} s after the last due time, total ${elapsed(started)}.`,
    );
    print(`Faults hit: ${faultHits.join(', ')}.`);
    print(
      `Create requests: ${creates} for ${CREATES} segments of ${POSTS} posts; ${resent} posts needed more than one create for a segment (refused or never taken, then sent again).`,
    );
    print(`End states: ${[...statusCounts].map(([s, n]) => `${s} ${n}`).join(', ')}.`);
    print();
    print(
      table([
        [
          'published',
          'duplicates',
          'lost',
          'unknown-left',
          'failed/held (explained)',
          'mismatched',
          'waiting (spacing)',
        ],
        [
          String(verdict.published.length),
          String(verdict.duplicates.length),
          String(verdict.lost.length),
          String(verdict.unknownLeft.length),
          String(verdict.explained.length),
          String(verdict.mismatched.length),
          String(verdict.waiting.length),
        ],
      ]),
    );
    const reasons = new Map<string, number>();
    for (const e of verdict.explained) {
      const key = `${e.status}: ${e.reason}`;
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
    for (const [reason, n] of reasons) print(`  ${n} × ${reason}`);
    for (const e of verdict.explained) print(`    ${e.status} ${e.post.id} "${e.post.text}"`);
    for (const d of verdict.duplicates)
      print(`  DUPLICATE ${d.post.id}: ${d.live} copies of "${d.post.text}"`);
    for (const l of verdict.lost) print(`  LOST ${l.post.id}: ${l.why} "${l.post.text}"`);
    for (const m of verdict.mismatched) print(`  MISMATCH ${m.post.id}: ${m.why} "${m.post.text}"`);
    for (const u of verdict.unknownLeft) print(`  UNKNOWN ${u.id} "${u.text}"`);
    print(
      invariant.length === 0
        ? 'Live-post invariant holds: every post live on X is tracked once, and no text is live twice.'
        : `Live-post invariant BROKEN ${invariant.length} times:`,
    );
    for (const p of invariant)
      print(
        `  ${p.kind.toUpperCase()} ${p.externalIds.join(',')} on ${p.accountId} (posts ${p.postIds.join(',') || 'none'}) "${p.text}"`,
      );

    if (SPACING_MINUTES > 0)
      print(
        tooClose.length === 0
          ? `Spacing holds on X: every account's posts went out ${SPACING_MINUTES} min apart (within the ${STALE_CLAIM_SECONDS} s claim lease).`
          : `Spacing BROKEN ${tooClose.length} times:`,
      );
    for (const c of tooClose)
      print(
        `  ${(c.gapMs / 1000).toFixed(1)} s apart on ${c.accountId}: "${c.texts[0]}" then "${c.texts[1]}"`,
      );

    failed =
      verdict.duplicates.length > 0 ||
      verdict.lost.length > 0 ||
      verdict.mismatched.length > 0 ||
      invariant.length > 0 ||
      tooClose.length > 0;
    print(
      JSON.stringify({
        chaos: runId,
        posts: POSTS,
        segmentsPerPost: THREAD_SEGMENTS,
        spacingMinutes: SPACING_MINUTES,
        channels: CHANNELS,
        kills,
        pauses,
        published: verdict.published.length,
        duplicates: verdict.duplicates.length,
        lost: verdict.lost.length,
        unknownLeft: verdict.unknownLeft.length,
        explained: verdict.explained.length,
        mismatched: verdict.mismatched.length,
        waiting: verdict.waiting.length,
        invariantBreaches: invariant.length,
        spacingBreaches: tooClose.length,
        createRequests: creates,
        ok: !failed,
      }),
    );
  } finally {
    await cleanups.run();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(`chaos failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
