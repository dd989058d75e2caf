import { jest } from '@jest/globals';
import fc from 'fast-check';
import pg from 'pg';
import { ANSWER_STORE, type AnswerStore } from '../../src/read-cache/answer-store.js';
import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Everything but `Date`: the apps' timers, sockets and pools run on real time. */
const REAL_TIME_APIS = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

const timeArb = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 10, 30, 45))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

const channelArb = fc.record({
  times: fc.uniqueArray(timeArb, { minLength: 1, maxLength: 6 }),
  minSpacingMinutes: fc.integer({ min: 0, max: 240 }),
  dailyCap: fc.integer({ min: 1, max: 4 }),
  timezone: fc.constantFrom('UTC', 'Europe/London', 'America/Santiago', 'Australia/Lord_Howe'),
  /** Taken instants, minutes from the start (some before it, counting towards its day). */
  taken: fc.array(fc.integer({ min: -12 * 60, max: 3 * 24 * 60 }), { maxLength: 6 }),
});

/** A pause or blackout, hours from the start; some end while the clock moves. */
const windowArb = fc.record({
  kind: fc.constantFrom('pause', 'blackout'),
  scope: fc.constantFrom('global', 'channel', 'campaign'),
  channel: fc.nat({ max: 2 }),
  startHours: fc.integer({ min: -6, max: 48 }),
  lengthHours: fc.integer({ min: 1, max: 20 }),
});

type ChannelSpec = typeof channelArb extends fc.Arbitrary<infer T> ? T : never;
type WindowSpec = typeof windowArb extends fc.Arbitrary<infer T> ? T : never;

/** What happens before the next reads: the clock moves on, and perhaps something is written. */
const stepArb = fc.record({
  clock: fc.oneof(
    fc.record({
      kind: fc.constant('later' as const),
      ms: fc.integer({ min: 0, max: 3 * HOUR_MS }),
    }),
    // Onto one of the open slots the last answer listed, or a millisecond either side of it.
    fc.record({
      kind: fc.constant('slot' as const),
      index: fc.nat({ max: 5 }),
      ms: fc.integer({ min: -1, max: 1 }),
    }),
  ),
  write: fc.option(
    fc.oneof(
      fc.record({
        kind: fc.constant('take' as const),
        channel: fc.nat({ max: 2 }),
        minutes: fc.integer({ min: 0, max: 2 * 24 * 60 }),
      }),
      fc.record({ kind: fc.constant('free' as const), offset: fc.nat({ max: 5 }) }),
      fc.record({ kind: fc.constant('lift' as const), offset: fc.nat({ max: 2 }) }),
    ),
    { nil: undefined, freq: 3 },
  ),
});

/**
 * The calendar's open slots (`GET /api/slots`, and their count per day) read the clock: the read cache keeps their answer
 * for one database state only until the first slot it lists passes. Read through an app with the
 * cache and one without on the same database, at the same (fake) instants, the answers agree while
 * the clock moves onto, just before and just past the slots, pauses end, and posts are placed,
 * removed and pauses lifted behind both apps' backs.
 */
describe('open slots from the read cache: what an uncached app answers, as the clock moves', () => {
  let cached: TestApp;
  let uncached: TestApp;
  let owner: pg.Pool;
  let reader: { cached: SignedInClient; uncached: SignedInClient };
  let authorId: string;
  let campaignId: string;

  beforeAll(async () => {
    // Sessions outlive the clock's moves.
    cached = await startTestApp({ APP_ROLE: 'api', SESSION_TTL_HOURS: '720' });
    uncached = await startTestApp({
      APP_ROLE: 'api',
      SESSION_TTL_HOURS: '720',
      DATABASE_URL: cached.config.database.url,
      QUEUE_PREFIX: cached.config.redis.prefix,
      READ_CACHE_MB: '0',
    });
    owner = new pg.Pool({ connectionString: cached.config.database.url, max: 2 });
    const { id, email } = await cached.user(['editor']);
    authorId = id;
    reader = { cached: await cached.signIn(email), uncached: await uncached.signIn(email) };
    const { rows } = await owner.query<{ id: string }>(
      `INSERT INTO campaigns (name, goal, audience, language, timezone)
       VALUES ('Clock', 'test', 'nobody', 'en', 'UTC') RETURNING id`,
    );
    campaignId = rows[0]!.id;
  }, 120_000);

  afterAll(async () => {
    jest.useRealTimers();
    await owner?.end();
    await uncached?.close();
    await cached?.close();
  });

  /** A fresh world: only this run's channels are live, with their taken slots and windows. */
  async function world(
    channels: ChannelSpec[],
    windows: WindowSpec[],
    start: number,
  ): Promise<string[]> {
    await owner.query(`UPDATE channels SET status = 'disabled' WHERE status <> 'disabled'`);
    await owner.query(`UPDATE pauses SET lifted_at = now() WHERE lifted_at IS NULL`);
    const ids: string[] = [];
    for (const c of channels) {
      const { rows } = await owner.query<{ id: string }>(
        `INSERT INTO channels (platform, handle, language, timezone, weekly_slots,
           min_spacing_minutes, daily_cap)
         VALUES ('sandbox', $1, 'en', $2, $3, $4, $5) RETURNING id`,
        [
          `clock_${Math.random().toString(36).slice(2, 10)}`,
          c.timezone,
          JSON.stringify(
            [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => c.times.map((time) => ({ weekday, time }))),
          ),
          c.minSpacingMinutes,
          c.dailyCap,
        ],
      );
      ids.push(rows[0]!.id);
      for (const minutes of c.taken) await take(rows[0]!.id, new Date(start + minutes * MINUTE_MS));
    }
    for (const w of windows) {
      await owner.query(
        `INSERT INTO pauses (kind, scope, campaign_id, channel_id, starts_at, ends_at, reason)
         VALUES ($1, $2, $3, $4, $5, $6, 'Clock test')`,
        [
          w.kind,
          w.scope,
          w.scope === 'campaign' ? campaignId : null,
          w.scope === 'channel' ? ids[w.channel % ids.length] : null,
          new Date(start + w.startHours * HOUR_MS),
          new Date(start + (w.startHours + w.lengthHours) * HOUR_MS),
        ],
      );
    }
    return ids;
  }

  /** A scheduled post at `at` (none if one already holds that slot). */
  const take = (channelId: string, at: Date) =>
    owner.query(
      `INSERT INTO posts (campaign_id, channel_id, status, approved_revision, approved_hash,
         scheduled_at, author_id, last_revised_by)
       VALUES ($1, $2, 'scheduled', 1, 'h', $3, $4, $4) ON CONFLICT DO NOTHING`,
      [campaignId, channelId, at, authorId],
    );

  const hits = () => (cached.app.get(ANSWER_STORE) as AnswerStore).reads.hit;

  it('agrees with the uncached app at every instant, from memory while nothing has changed', async () => {
    let compared = 0;
    const hitsBefore = hits();
    await fc.assert(
      fc.asyncProperty(
        fc.array(channelArb, { minLength: 1, maxLength: 3 }),
        fc.array(windowArb, { maxLength: 3 }),
        fc.array(stepArb, { minLength: 1, maxLength: 8 }),
        async (channels, windows, steps) => {
          const start = Date.now();
          const ids = await world(channels, windows, start);
          const period = `from=${new Date(start - 2 * HOUR_MS).toISOString()}&to=${new Date(start + 3 * DAY_MS).toISOString()}`;
          const urls = [
            `/api/slots?${period}`,
            `/api/slots?${period}&channelId=${ids[0]}&campaignId=${campaignId}`,
            `/api/slots/days?${period}&timezone=America%2FSantiago`,
          ];
          jest.useFakeTimers({ now: start, doNotFake: [...REAL_TIME_APIS] });
          try {
            let listed: string[] = [];
            for (const step of steps) {
              if (step.clock.kind === 'later') jest.setSystemTime(Date.now() + step.clock.ms);
              else if (listed.length > 0) {
                const slot = Date.parse(listed[step.clock.index % listed.length]!);
                jest.setSystemTime(Math.max(Date.now(), slot + step.clock.ms));
              }
              const write = step.write;
              if (write?.kind === 'take')
                await take(
                  ids[write.channel % ids.length]!,
                  new Date(Date.now() + write.minutes * MINUTE_MS),
                );
              if (write?.kind === 'free')
                await owner.query(
                  `DELETE FROM posts WHERE id = (SELECT id FROM posts WHERE channel_id = ANY($1)
                     ORDER BY scheduled_at OFFSET $2 LIMIT 1)`,
                  [ids, write.offset],
                );
              if (write?.kind === 'lift')
                await owner.query(
                  `UPDATE pauses SET lifted_at = now() WHERE id = (SELECT id FROM pauses
                     WHERE lifted_at IS NULL ORDER BY starts_at OFFSET $1 LIMIT 1)`,
                  [write.offset],
                );
              for (const url of urls) {
                const expected = await reader.uncached.get(url).expect(200);
                // The second read is served from memory unless the first one's answer has passed.
                for (let i = 0; i < 2; i++)
                  expect((await reader.cached.get(url).expect(200)).body).toEqual(expected.body);
                compared++;
              }
              listed = (
                (await reader.uncached.get(urls[0]!).expect(200)).body as { slots: string[] }[]
              ).flatMap((c) => c.slots);
            }
          } finally {
            jest.useRealTimers();
          }
        },
      ),
      { numRuns: 20 },
    );
    expect(compared).toBeGreaterThan(40);
    // Some of it came from memory: an app that never kept the answer would prove nothing.
    expect(hits() - hitsBefore).toBeGreaterThan(20);
  }, 240_000);
});
