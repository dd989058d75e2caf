import { jest } from '@jest/globals';
import fc from 'fast-check';
import pg from 'pg';
import request from 'supertest';
import { seedApiWorld, type ApiWorld } from '../../bench/support/api-seed.js';
import type { Role } from '../../src/db/schema/index.js';
import { MetricsServer } from '../../src/observability/metrics-server.js';
import { ReportsService } from '../../src/analytics/reports/reports.service.js';
import { PostsRepository } from '../../src/posts/posts.repository.js';
import { DataSnapshot } from '../../src/read-cache/data-snapshot.js';
import { createQuoteNamingHometown } from '../library/library-helpers.js';
import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';

const READERS: Role[][] = [['editor'], ['safety_reviewer'], ['legal_reviewer'], ['analyst']];

/** Posts whose pages the property reads: each has what its page shows (reviews, revisions, comments). */
interface PagePosts {
  /** The first in the review queue's order, whose reviews `dropReview` removes first. */
  inReview: string;
  revised: string;
  commented: string;
  published: string;
}

async function pagePosts(pool: pg.Pool): Promise<PagePosts> {
  const one = async (sql: string) => (await pool.query<{ id: string }>(sql)).rows[0]!.id;
  return {
    inReview: await one(`SELECT p.id FROM reviews r JOIN posts p ON p.id = r.post_id
                         WHERE p.status = 'in_review' ORDER BY p.submitted_at, r.id LIMIT 1`),
    revised: await one(`SELECT id FROM posts WHERE current_revision >= 2
                        ORDER BY created_at DESC LIMIT 1`),
    commented: await one(`SELECT post_id AS id FROM post_comments ORDER BY id DESC LIMIT 1`),
    // The newest published post, whose retraction flag `flagRetraction` turns first.
    published: await one(`SELECT id FROM posts WHERE status = 'published'
                          ORDER BY created_at DESC LIMIT 1`),
  };
}

/** The cached lists, reports and post pages, as the UI and integrations ask for them. */
function cachedPaths(world: ApiWorld, posts: PagePosts): string[] {
  const now = Date.now();
  const from = new Date(now - 20 * 86_400_000).toISOString();
  const to = new Date(now + 20 * 86_400_000).toISOString();
  const year = `campaignId=${world.campaignIds[0]}&from=${new Date(now - 365 * 86_400_000).toISOString()}&to=${new Date(now).toISOString()}`;
  return [
    '/api/posts?limit=20',
    '/api/posts?status=in_review,approved,scheduled&limit=15',
    `/api/posts?channelId=${world.channelIds[1]}&limit=10`,
    `/api/posts/calendar?from=${from}&to=${to}&limit=60`,
    '/api/posts/review-queue?limit=10',
    '/api/library/quotes?q=bread&limit=10',
    `/api/analytics/report?${year}&groupBy=theme&minSample=1`,
    `/api/analytics/timeseries?${year}&interval=week`,
    `/api/analytics/top-posts?${year}&limit=5`,
    `/api/analytics/compare?campaignId=${world.campaignIds[1]}&aFrom=${new Date(now - 200 * 86_400_000).toISOString()}&aTo=${from}&bFrom=${from}&bTo=${new Date(now).toISOString()}&groupBy=language&minSample=1`,
    `/api/posts/${posts.inReview}`,
    `/api/posts/${posts.inReview}/reviews`,
    `/api/posts/${posts.published}`,
    `/api/posts/${posts.revised}/revisions`,
    `/api/posts/${posts.revised}/diff?from=1&to=2`,
    `/api/posts/${posts.commented}/comments`,
  ];
}

/** Writes as another process makes them (a worker publishing, another api process, a script). */
const WRITES = {
  reschedule: `UPDATE posts SET scheduled_at = scheduled_at + interval '7 minutes'
               WHERE id = (SELECT id FROM posts WHERE scheduled_at IS NOT NULL
                           ORDER BY created_at DESC OFFSET $1 LIMIT 1)`,
  flagRetraction: `UPDATE posts SET needs_retraction = NOT needs_retraction
                   WHERE id = (SELECT id FROM posts WHERE status = 'published'
                               ORDER BY created_at DESC OFFSET $1 LIMIT 1)`,
  dropReview: `DELETE FROM reviews WHERE id = (
                 SELECT r.id FROM reviews r JOIN posts p ON p.id = r.post_id
                 WHERE p.status = 'in_review' ORDER BY p.submitted_at, r.id OFFSET $1 LIMIT 1)`,
  editQuote: `UPDATE quotes SET text = text || ' bread'
              WHERE id = (SELECT id FROM quotes ORDER BY created_at DESC OFFSET $1 LIMIT 1)`,
  /** A revision's text changed in place (a migration or a repair), newest revised posts first. */
  reviseText: `UPDATE post_revisions SET segments = array_append(segments, 'Bread, again.')
               WHERE (post_id, revision) = (
                 SELECT id, 2 FROM posts WHERE current_revision >= 2
                 ORDER BY created_at DESC OFFSET $1 LIMIT 1)`,
  /** A comment on the post with the newest comment: its thread grows. */
  comment: `INSERT INTO post_comments (post_id, author_id, body)
            SELECT post_id, author_id, 'And the bread ran out again, ' || $1 FROM post_comments
            ORDER BY id DESC LIMIT 1`,
  /** What the metrics collection does to the reports' rollup. */
  collectMetrics: `UPDATE post_metrics SET likes = likes + 3, engagements = engagements + 3
                   WHERE checkpoint_hours = 24 AND post_id = (
                     SELECT post_id FROM post_metrics WHERE checkpoint_hours = 24
                     ORDER BY engagements DESC, post_id OFFSET $1 LIMIT 1)`,
  /** Takes a transaction id and changes nothing: the answers stay right, recomputed. */
  emptyCommit: `SELECT txid_current(), $1::int`,
} as const;

/**
 * The read cache (src/read-cache) never answers what the database no longer says: the same
 * reads on an app with it and on an app without it, on one database, agree after any sequence
 * of writes made behind the first app's back; and an answer is never served to anyone but the
 * user (with the roles) it was computed for.
 */
describe('read cache: answers exactly what an uncached app answers', () => {
  let cached: TestApp;
  let uncached: TestApp;
  let owner: pg.Pool;
  let readers: { cached: SignedInClient; uncached: SignedInClient; roles: Role[] }[];
  let paths: string[];
  let campaignIds: string[];
  let channelIds: string[];

  beforeAll(async () => {
    // No job workers: publishing and reconciling would move posts between the two reads.
    cached = await startTestApp({ APP_ROLE: 'api' });
    uncached = await startTestApp({
      APP_ROLE: 'api',
      DATABASE_URL: cached.config.database.url,
      QUEUE_PREFIX: cached.config.redis.prefix,
      READ_CACHE_MB: '0',
    });
    owner = new pg.Pool({ connectionString: cached.config.database.url, max: 2 });
    const world = await seedApiWorld(owner, { posts: 400, quotes: 120, channels: 4, campaigns: 3 });
    paths = cachedPaths(world, await pagePosts(owner));
    campaignIds = world.campaignIds;
    channelIds = world.channelIds;
    readers = [];
    for (const roles of READERS) {
      const { email } = await cached.user(roles);
      readers.push({
        roles,
        cached: await cached.signIn(email),
        uncached: await uncached.signIn(email),
      });
    }
  }, 120_000);

  afterAll(async () => {
    await owner?.end();
    await uncached?.close();
    await cached?.close();
  });

  const write = fc.record({
    kind: fc.constantFrom(...(Object.keys(WRITES) as (keyof typeof WRITES)[])),
    offset: fc.nat({ max: 8 }),
  });
  const read = fc.record({
    reader: fc.nat({ max: READERS.length - 1 }),
    path: fc.nat({ max: 99 }),
  });

  it('reads paths that answer: each one is 200 for at least one of the readers', async () => {
    for (const path of paths) {
      const statuses = await Promise.all(
        readers.map(async (r) => (await r.uncached.get(path)).status),
      );
      expect([path, statuses.includes(200)]).toEqual([path, true]);
    }
  });

  it('agrees with the uncached app after any writes, read twice (the second from memory)', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.option(write, { nil: undefined }), fc.array(read, { maxLength: 4 })), {
          minLength: 1,
          maxLength: 6,
        }),
        async (steps) => {
          for (const [change, reads] of steps) {
            if (change) await owner.query(WRITES[change.kind], [change.offset]);
            for (const { reader, path } of reads) {
              const who = readers[reader]!;
              const url = paths[path % paths.length]!;
              // An analyst may not read the review queue: refused alike, and never kept.
              const expected = await who.uncached.get(url);
              for (let i = 0; i < 2; i++) {
                const got = await who.cached.get(url);
                expect([got.status, got.body]).toEqual([expected.status, expected.body]);
                if (got.status === 200) compared++;
              }
            }
          }
        },
      ),
      { numRuns: 25 },
    );
    // The property read something: a run of empty steps would prove nothing.
    expect(compared).toBeGreaterThan(50);
  }, 180_000);

  /** The newest post as the editor's list shows it. */
  const newest = async () =>
    (await readers[0]!.cached.get('/api/posts?limit=1').expect(200)).body.items[0] as {
      id: string;
      scheduledAt: string | null;
    };

  it('serves the next read after a commit elsewhere from the database, not from memory', async () => {
    for (let i = 0; i < 10; i++) {
      const before = await newest();
      await newest(); // now held in memory
      await owner.query(
        `UPDATE posts SET scheduled_at = coalesce(scheduled_at, now()) + interval '1 hour' WHERE id = $1`,
        [before.id],
      );
      const after = await newest();
      expect(after.id).toBe(before.id);
      expect(after.scheduledAt).not.toBe(before.scheduledAt);
    }
  });

  /**
   * Each snapshot query's answer comes back 15 ms after PostgreSQL took the snapshot, as on a busy
   * network; the spy counts the queries sent.
   */
  function slowSnapshotAnswers() {
    const snapshot = cached.app.get(DataSnapshot) as unknown as { query(): Promise<string> };
    const query = snapshot.query.bind(snapshot);
    return jest.spyOn(snapshot, 'query').mockImplementation(async () => {
      const text = await query();
      await new Promise((resolve) => setTimeout(resolve, 15));
      return text;
    });
  }

  it('reads its own write although other reads keep snapshot queries on their way', async () => {
    // A query on its way when a write commits often saw the database before the write.
    const slowed = slowSnapshotAnswers();
    let stop = false;
    const others = Array.from({ length: 4 }, async () => {
      while (!stop) await readers[1]!.cached.get('/api/posts?limit=3').expect(200);
    });
    try {
      for (let i = 0; i < 15; i++) {
        const before = await newest();
        await owner.query(
          `UPDATE posts SET scheduled_at = coalesce(scheduled_at, now()) + interval '1 hour' WHERE id = $1`,
          [before.id],
        );
        expect((await newest()).scheduledAt).not.toBe(before.scheduledAt);
      }
    } finally {
      stop = true;
      await Promise.all(others);
      slowed.mockRestore();
    }
  });

  it('asks PostgreSQL for one snapshot per round of reads arriving together, not one per read', async () => {
    const sent = slowSnapshotAnswers();
    try {
      await Promise.all(
        Array.from({ length: 8 }, () => readers[0]!.cached.get('/api/posts?limit=5').expect(200)),
      );
      // The first read's query, and one more that the seven arriving while it was on its way share.
      expect(sent.mock.calls.length).toBeLessThanOrEqual(3);
    } finally {
      sent.mockRestore();
    }
  });

  it('serves a report afresh once the metrics collection changed what it counts', async () => {
    const analyst = readers[3]!;
    const report = paths.find((p) => p.startsWith('/api/analytics/report?'))!;
    const total = async () =>
      (await analyst.cached.get(report).expect(200)).body.total as {
        posts: number;
        engagements: { value: number };
      };
    const before = await total();
    expect(before.posts).toBeGreaterThan(0);
    expect(await total()).toEqual(before); // held in memory unless something committed meanwhile
    await owner.query(
      `UPDATE post_metrics SET likes = likes + 1000, engagements = engagements + 1000
       WHERE checkpoint_hours = 24 AND post_id = (
         SELECT post_id FROM post_metrics WHERE campaign_id = $1 AND checkpoint_hours = 24
           AND published_at BETWEEN now() - interval '300 days' AND now() - interval '2 days'
         ORDER BY post_id LIMIT 1)`,
      [campaignIds[0]],
    );
    const after = await total();
    expect(after.engagements.value).toBe(before.engagements.value + 1000);
    expect(after).toEqual((await analyst.uncached.get(report).expect(200)).body.total);
  });

  /** What a read computes, watched: how often it ran since the last clear. */
  /** A computation the cached app runs, and the object that runs it. */
  type Computation = [target: object, method: string];
  const sharing: [string, () => string, () => Computation][] = [
    [
      'the posts list',
      () => '/api/posts?limit=20',
      () => [cached.app.get(PostsRepository), 'list'],
    ],
    [
      'a post page',
      () => paths.find((p) => /^\/api\/posts\/[0-9a-f-]{36}$/.test(p))!,
      () => [cached.app.get(PostsRepository), 'findById'],
    ],
    [
      'a report',
      () => paths.find((p) => p.startsWith('/api/analytics/report?'))!,
      () => [cached.app.get(ReportsService), 'grouped'],
    ],
  ];

  it.each(sharing)(
    'computes %s once per database state for the clients that ask for it together',
    async (_name, pathOf, computation) => {
      const path = pathOf();
      const [target, method] = computation() as [
        Record<string, (...args: unknown[]) => Promise<unknown>>,
        string,
      ];
      // How many of these computations run at once. Two at once are always at two different
      // snapshots: one at the same snapshot joins the one under way. (Their count alone is no
      // bound: a read whose snapshot resolves after a newer read's answer was stored computes
      // again, once the first computation has landed.)
      const run = target[method]!.bind(target);
      let running = 0;
      let mostAtOnce = 0;
      const computed = jest.spyOn(target, method).mockImplementation(async (...args: unknown[]) => {
        mostAtOnce = Math.max(mostAtOnce, ++running);
        try {
          return await run(...args);
        } finally {
          running--;
        }
      });
      // The snapshots the eight reads were taken at: any commit among them (the app's own
      // housekeeping, another test's database work) rightly splits them into more computations.
      const snapshot = cached.app.get(DataSnapshot);
      const take = DataSnapshot.prototype.current;
      const seen = new Set<string>();
      const taken = jest.spyOn(snapshot, 'current').mockImplementation(async () => {
        const text = await take.call(snapshot);
        seen.add(text);
        return text;
      });
      const reader = readers[path.startsWith('/api/analytics') ? 3 : 0]!;
      let sharedRounds = 0;
      try {
        for (let round = 0; round < 5; round++) {
          await owner.query(WRITES.reschedule, [round]);
          mostAtOnce = 0;
          computed.mockClear();
          seen.clear();
          const answers = await Promise.all(
            Array.from({ length: 8 }, () => reader.cached.get(path).expect(200)),
          );
          const expected = (await reader.uncached.get(path).expect(200)).body;
          for (const answer of answers) expect(answer.body).toEqual(expected);
          // At most one computation at a time per snapshot, and at one snapshot only one at all.
          // Without sharing, the eight reads at one or two snapshots ran up to eight at once.
          expect(mostAtOnce).toBeLessThanOrEqual(seen.size);
          if (seen.size === 1) expect(computed).toHaveBeenCalledTimes(1);
          if (seen.size < 8) sharedRounds++;
        }
        // At least one round had reads to share; a machine committing between every read would
        // leave nothing to test.
        expect(sharedRounds).toBeGreaterThan(0);
      } finally {
        computed.mockRestore();
        taken.mockRestore();
      }
    },
  );

  it('counts every cached read on /metrics: from memory, computed or joined, and the bytes held', async () => {
    const scrape = async () => {
      const port = cached.app.get(MetricsServer).address()!.port;
      const text = (await request(`http://127.0.0.1:${port}`).get('/metrics').expect(200)).text;
      const series = (name: string) => Number(text.match(new RegExp(`^${name} (\\S+)$`, 'm'))?.[1]);
      return {
        hit: series('countervoice_read_cache_reads_total{outcome="hit"}'),
        computed: series('countervoice_read_cache_reads_total{outcome="computed"}'),
        joined: series('countervoice_read_cache_reads_total{outcome="joined"}'),
        bytes: series('countervoice_read_cache_bytes'),
      };
    };
    const before = await scrape();
    const rounds = 5;
    for (let round = 0; round < rounds; round++)
      await Promise.all(
        Array.from({ length: 8 }, () => readers[0]!.cached.get('/api/posts?limit=20').expect(200)),
      );
    const after = await scrape();
    const delta = (k: 'hit' | 'computed' | 'joined') => after[k] - before[k];
    expect(delta('hit') + delta('computed') + delta('joined')).toBe(rounds * 8);
    expect(delta('computed')).toBeGreaterThan(0);
    // Not every read computed: some came from memory or joined a computation under way.
    expect(delta('hit') + delta('joined')).toBeGreaterThan(0);
    expect(after.bytes).toBeGreaterThan(0);
  });

  it('never hands one user’s answer to another: identifying details stay with safety reviewers', async () => {
    const author = await cached.as(['author']);
    const safety = await cached.as(['safety_reviewer']);
    const editor = await cached.as(['editor']);
    const { quote } = await createQuoteNamingHometown(
      author,
      safety,
      '[SAMPLE] In TAL AFAR the bakers fled first.',
    );
    await safety
      .post(`/api/library/quotes/${quote.id}/vetting`, {
        decision: 'approve',
        comment: 'The town is named in the published interview; risk accepted.',
        acknowledgeIdentityMatches: true,
      })
      .expect(200);
    const path = '/api/library/quotes?q=bakers';
    // The safety reviewer's answer, with the detail's kind, is computed and kept first…
    for (let i = 0; i < 2; i++) {
      const theirs = JSON.stringify((await safety.get(path).expect(200)).body);
      expect(theirs).toContain('"kind":"hometown"');
    }
    // …and the same URL read by others in the same moment is still their own.
    for (const other of [editor, author]) {
      for (let i = 0; i < 2; i++) {
        const seen = JSON.stringify((await other.get(path).expect(200)).body);
        expect(seen).toContain('"matchedText":"TAL AFAR"');
        expect(seen).not.toMatch(/"kind":"hometown"|detailId/);
      }
    }

    // A post naming it: its page tells the safety reviewer which detail matched, nobody else.
    const post = (
      await author
        .post('/api/posts', {
          campaignId: campaignIds[0],
          channelId: channelIds[0],
          segments: ['The bakers of tal afar fled first.'],
          quoteIds: [quote.id],
        })
        .expect(201)
    ).body as { id: string };
    await author.post(`/api/posts/${post.id}/submit`).expect(200);
    const page = `/api/posts/${post.id}`;
    for (let i = 0; i < 2; i++) {
      const theirs = (await safety.get(page).expect(200)).body;
      expect(theirs.review.identityFindings).toEqual([
        expect.objectContaining({ kind: 'hometown', cleared: false }),
      ]);
    }
    for (const other of [editor, author]) {
      for (let i = 0; i < 2; i++) {
        const seen = (await other.get(page).expect(200)).body;
        expect(seen.review.identityFindings).toHaveLength(1);
        expect(JSON.stringify(seen.review)).not.toMatch(/"kind"|detailId/);
      }
    }
  });

  it('refuses a revoked token although its answer is held', async () => {
    const editor = readers[0]!.cached;
    const token = (await editor.post('/api/auth/tokens', { name: 'poller' }).expect(201)).body as {
      id: string;
      token: string;
    };
    const poll = () =>
      cached.http().get('/api/posts?limit=5').set('Authorization', `Bearer ${token.token}`);
    await poll().expect(200);
    await poll().expect(200);
    await editor.delete(`/api/auth/tokens/${token.id}`).expect(204);
    await poll().expect(401);
  });

  it('answers a repeated read with 304 to its ETag, and compressed as the client accepts', async () => {
    const editor = readers[0]!.cached;
    const path = '/api/posts?limit=50';
    const first = await editor.get(path).expect(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    expect(first.headers.vary).toMatch(/Accept-Encoding/i);
    await editor.get(path).set('If-None-Match', etag).expect(304);
    // A client that asks for a fresh copy gets one.
    await editor.get(path).set('If-None-Match', etag).set('Cache-Control', 'no-cache').expect(200);

    // supertest decodes what it receives, as a browser does: the header says what was sent.
    for (const [accept, coding] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
      ['identity', undefined],
    ] as const) {
      const res = await editor.get(path).set('Accept-Encoding', accept).expect(200);
      expect(res.headers['content-encoding']).toBe(coding);
      expect(res.body).toEqual(first.body);
    }

    // The quote search keeps its no-store: quotes are not to sit in a browser's cache.
    const quotes = await editor.get('/api/library/quotes?q=bread&limit=5').expect(200);
    expect(quotes.headers['cache-control']).toBe('no-store');
    // So do the post page's reads: drafts' text, and for safety reviewers the kinds of details.
    for (const page of paths.filter((p) => /^\/api\/posts\/[0-9a-f-]{36}/.test(p))) {
      const res = await editor.get(page).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });
});
