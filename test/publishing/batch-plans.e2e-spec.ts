import { drizzle } from 'drizzle-orm/node-postgres';
import fc from 'fast-check';
import pg from 'pg';
import type { Database } from '../../src/db/database.js';
import * as schema from '../../src/db/schema/index.js';
import { eventOf, WATCHED_ACTIONS } from '../../src/notifications/notification-events.js';
import { NotificationsRepository } from '../../src/notifications/notifications.repository.js';
import { PublishingRepository } from '../../src/publishing/publishing.repository.js';
import { tableReadsOf, type TableRead, watchExecutedPlans } from '../support/executed-plans.js';
import { insertPublishingWorld } from '../support/publishing-fixtures.js';
import { createTestDatabase } from '../support/test-app.js';

/** The tables a campaign's history grows without bound. */
const GROWING = ['posts', 'publish_attempts', 'audit_events', 'notification_sources'];

/**
 * Publishing's and the notification fan-out's batch statements read the rows their batch names,
 * whatever the campaign's history and however far the tables have outgrown their statistics. A
 * publishing burst grows posts, attempts and audit events faster than autovacuum analyzes them;
 * planned from statistics taken before it, a claim of two posts once scanned all 4,800 due ones,
 * and recording a batch as published read every attempt ever made, the fan-out every post. The
 * sweep's lookup of handled events, bounded by the low-water mark for a while, read every event
 * handled above the mark once per event it re-read; and the sweep re-read ten minutes of events
 * until its watermark followed transactions instead of ids.
 *
 * The plans are read through auto_explain at NOTICE level on the test's own connection, so the
 * test sees the plans PostgreSQL ran, with the rows each node read and threw away.
 */
describe('batch statements read what their batch names, however stale the statistics', () => {
  let client: pg.Client;
  let publishing: PublishingRepository;
  let notifications: NotificationsRepository;
  let db: Database;
  let plans: Awaited<ReturnType<typeof watchExecutedPlans>>;
  let ours: { userId: string; campaignId: string; channelId: string; otherChannelId: string };

  beforeAll(async () => {
    client = new pg.Client({ connectionString: await createTestDatabase() });
    await client.connect();
    const world = await insertPublishingWorld(client, ['ours', 'others']);
    ours = {
      userId: world.userId,
      campaignId: world.campaignId,
      channelId: world.channelIds.ours,
      otherChannelId: world.channelIds.others,
    };
    // Statistics taken over a short history and kept so (this database is the test's own), as
    // before a burst.
    for (const table of GROWING)
      await client.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
    await addHistory(200);
    await client.query(`ANALYZE`);
    // Months of a campaign since: hundreds of times the rows of a batch. (Far larger tables are
    // read by index whatever the planner guesses of a batch; this is the size where a guess of a
    // hundred posts makes reading the whole table look cheaper than looking a few posts up.)
    await addHistory(4_000);
    plans = await watchExecutedPlans(client);
    db = drizzle(client, { schema });
    publishing = new PublishingRepository(db);
    notifications = new NotificationsRepository(db);
  });

  afterAll(() => client.end());

  /**
   * `count` posts published over the past weeks, each with its attempt and its handled audit
   * event, and a tenth as many being sent on another channel by other workers: the history a
   * burst meets.
   */
  async function addHistory(count: number): Promise<void> {
    const { userId, campaignId, channelId, otherChannelId } = ours;
    await client.query(
      `WITH p AS (
         INSERT INTO posts (campaign_id, channel_id, status, approved_revision, approved_hash,
           scheduled_at, published_at, claim_id, claimed_at, external_ids, author_id,
           last_revised_by)
         SELECT $2, CASE WHEN i % 10 = 0 THEN $3::uuid ELSE $4::uuid END,
           CASE WHEN i % 10 = 0 THEN 'publishing' ELSE 'published' END, 1, 'hash',
           now() - interval '2 days' - i * interval '1 minute',
           CASE WHEN i % 10 <> 0 THEN now() - interval '2 days' - i * interval '1 minute' END,
           gen_random_uuid(), now() - interval '2 days',
           CASE WHEN i % 10 <> 0 THEN ARRAY['x' || gen_random_uuid()] ELSE '{}' END, $5, $5
         FROM generate_series(1, $1) i
         RETURNING id, claim_id, status),
       a AS (
         INSERT INTO publish_attempts (post_id, revision, claim_id, started_at)
         SELECT id, 1, claim_id, now() - interval '2 days' FROM p),
       e AS (
         INSERT INTO audit_events (actor_label, action, entity_type, entity_id)
         SELECT 'system', 'post.published', 'post', id::text FROM p WHERE status = 'published'
         RETURNING id)
       INSERT INTO notification_sources (audit_event_id, kind) SELECT id, 'published' FROM e`,
      [count, campaignId, otherChannelId, channelId, userId],
    );
  }

  /** What every statement run since `mark` read from the growing tables, node by node. */
  function readSince(mark: number): (TableRead & { statement: string })[] {
    return plans.since(mark).flatMap(({ statement, plan }) =>
      tableReadsOf(plan)
        .filter((read) => GROWING.includes(read.table))
        .map((read) => ({ statement, ...read })),
    );
  }

  /**
   * Over a growing history, a batch of 1 to 6 posts due now (a burst's batches: the few posts that
   * arrived while the previous statement ran) goes through `work`, which must read at most a few
   * rows per post. The batch's own writes are rolled back; the history stays and keeps growing.
   */
  const batchReadsAFewRowsPerPost = (work: (ids: string[], now: Date) => Promise<void>) =>
    fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1_500 }),
        fc.integer({ min: 1, max: 6 }),
        async (history, size) => {
          await addHistory(history);
          const { rows: due } = await client.query<{ id: string }>(
            `INSERT INTO posts (campaign_id, channel_id, status, approved_revision, approved_hash,
               scheduled_at, author_id, last_revised_by)
             SELECT $2, $3, 'scheduled', 1, 'hash', now() - i * interval '1 second', $4, $4
             FROM generate_series(1, $1) i RETURNING id`,
            [size, ours.campaignId, ours.channelId, ours.userId],
          );
          await client.query('BEGIN');
          try {
            const from = plans.mark();
            await work(
              due.map((r) => r.id),
              new Date(),
            );
            const read = readSince(from);
            expect(read.length).toBeGreaterThan(0);
            // A row per post for each thing it touches, and the few an index page holds besides.
            expect(read.filter((r) => r.rows > 3 * size + 10)).toEqual([]);
          } finally {
            await client.query('ROLLBACK');
          }
        },
      ),
      { numRuns: 6 },
    );

  it('claims, re-checks, records and fans out a batch reading at most a few rows per post', async () => {
    await batchReadsAFewRowsPerPost(async (ids, now) => {
      // The batch's events are this transaction's, above the watermark of the sweep that reads them.
      const { rows: tx } = await client.query<{ id: string }>(
        'SELECT pg_current_xact_id()::text AS id',
      );
      const claimed = await publishing.claim(ids, now);
      expect(claimed.map((c) => c.post.id).sort()).toEqual([...ids].sort());
      // Threads re-check their claims and save their progress between segments.
      const held = claimed.map(({ post }) => ({ postId: post.id, claimId: post.claimId! }));
      expect([...(await publishing.claimedNow(held)).keys()].sort()).toEqual([...ids].sort());
      await publishing.saveExternalIds(
        held.map((h) => ({ ...h, externalIds: ['first'] })),
        now,
      );
      await publishing.channelHistory([
        {
          channelId: ours.channelId,
          dayStart: new Date(now.getTime() - 86_400_000),
          seq: claimed[0]!.channelSeq,
        },
      ]);
      const recorded = await publishing.recordPublished(
        claimed.map(({ post }, i) => ({
          post,
          claimId: post.claimId!,
          externalIds: [`new-${i}`],
          at: now,
        })),
      );
      expect([...recorded].sort()).toEqual([...ids].sort());
      const events = await notifications.unhandled({ tx: tx[0]!.id, id: 0 }, WATCHED_ACTIONS, 200);
      expect(events.map((e) => e.entityId).sort()).toEqual([...ids].sort());
      const described = events.map((row) => ({ row, event: eventOf(row)! }));
      await notifications.claimSources(
        db,
        described.map(({ row, event }) => ({ auditEventId: row.id, kind: event.kind })),
      );
      await notifications.contextsOf(
        db,
        described.map(({ row, event }) => ({ eventId: row.id, ...event })),
      );
      await notifications.recipientsOf(
        db,
        described.map(({ row, event }) => ({ eventId: row.id, event, actorId: null })),
      );
    });
  }, 120_000);

  it('ends a batch of claims (deferred, held, failed, unknown) reading at most a few rows per post', async () => {
    const endings = [
      { status: 'scheduled', outcome: 'deferred' },
      { status: 'held', outcome: 'held' },
      { status: 'failed', outcome: 'failed' },
      { status: 'unknown', outcome: 'unknown' },
    ] as const;
    await batchReadsAFewRowsPerPost(async (ids, now) => {
      const claimed = await publishing.claim(ids, now);
      const ended = claimed.map(({ post }, i) => {
        const { status, outcome } = endings[i % endings.length]!;
        return {
          post,
          claimId: post.claimId!,
          expected: status,
          outcome,
          ...(outcome === 'deferred' ? { at: new Date(now.getTime() + (i + 1) * 3_600_000) } : {}),
          reason: `Ended ${i}.`,
          cause: null,
          platformMessage: null,
          ...(i % 2 ? { externalIds: [`sent-${i}`] } : {}),
        };
      });
      const released = await publishing.recordEnded(db, ended, now);
      expect(released.map((p) => p.id).sort()).toEqual([...ids].sort());
      const { rows } = await client.query<{
        id: string;
        status: string;
        reason: string;
        claimed: boolean;
        ids: string[];
        action: string;
        outcome: string;
        attemptIds: string[];
      }>(
        `SELECT p.id, p.status, p.status_reason AS reason, p.claim_id IS NOT NULL AS claimed,
           p.external_ids AS ids, e.action, a.outcome, a.external_ids AS "attemptIds"
         FROM posts p
         JOIN publish_attempts a ON a.post_id = p.id
         JOIN audit_events e ON e.entity_id = p.id::text
         WHERE p.id = ANY($1::uuid[])`,
        [ids],
      );
      expect(
        rows
          .map(({ id, ...row }) => ({ i: ended.findIndex((e) => e.post.id === id), ...row }))
          .sort((a, b) => a.i - b.i),
      ).toEqual(
        ended.map((e, i) => ({
          i,
          status: e.expected,
          reason: `Ended ${i}.`,
          claimed: e.outcome !== 'deferred',
          ids: e.externalIds ?? [],
          action: `post.${e.outcome}`,
          outcome: e.outcome,
          attemptIds: e.externalIds ?? [],
        })),
      );
      for (const e of ended)
        if (e.at) expect(released.find((p) => p.id === e.post.id)!.scheduledAt).toEqual(e.at);
    });
  }, 120_000);

  it('reads only the events of the transactions from its watermark on', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), async (transactions) => {
        // The watermark `transactions` handled transactions back: the sweep re-reads their
        // events, and must not read the thousands handled before them.
        const { rows } = await client.query<{ tx: string }>(
          `SELECT tx::text FROM (SELECT DISTINCT tx FROM audit_events WHERE tx IS NOT NULL) d
           ORDER BY tx DESC OFFSET $1 - 1 LIMIT 1`,
          [transactions],
        );
        const { rows: window } = await client.query<{ n: string }>(
          `SELECT count(*) AS n FROM audit_events WHERE tx >= $1::xid8`,
          [rows[0]!.tx],
        );
        const from = plans.mark();
        expect(
          await notifications.unhandled({ tx: rows[0]!.tx, id: 0 }, WATCHED_ACTIONS, 200),
        ).toEqual([]);
        const read = readSince(from);
        expect(read.length).toBeGreaterThan(0);
        expect(read.filter((r) => r.rows > Number(window[0]!.n) + 10)).toEqual([]);
      }),
      { numRuns: 6 },
    );
  });
});
