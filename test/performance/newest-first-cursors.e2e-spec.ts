import fc from 'fast-check';
import pg from 'pg';
import { seedApiWorld, type ApiWorld } from '../../bench/support/api-seed.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Every list ordered newest first by (created_at, id), with the table it lists; the token's own
 * notifications and one webhook endpoint's deliveries are scoped by that owner column.
 */
const LISTS = [
  { path: '/api/users', table: 'users' },
  { path: '/api/campaigns', table: 'campaigns' },
  { path: '/api/library/sources', table: 'sources' },
  { path: '/api/library/defectors', table: 'defectors' },
  { path: '/api/library/quotes', table: 'quotes' },
  { path: '/api/posts', table: 'posts' },
  { path: '/api/notifications', table: 'notifications', ownedBy: 'user_id' },
  {
    path: '/api/webhooks/:endpoint/deliveries',
    table: 'webhook_deliveries',
    ownedBy: 'endpoint_id',
  },
] as const;

/** How far each run pages into a list: far enough to cross many runs of tied times. */
const DEPTH = 60;

/**
 * A cursor's next page starts right after the row it names, whatever the list: rows that share a
 * creation time (to the millisecond, as a cursor carries it) are told apart by id, none is skipped
 * or repeated, and the order is (created_at desc, id desc). Each list's next page is read with one
 * row comparison, which the (created_at, id) indexes start their scans at
 * (src/db/older-than.ts); this holds its answers to the plain reading of the table.
 */
describe('newest-first lists: cursors over tied creation times', () => {
  let t: TestApp;
  let owner: pg.Pool;
  let world: ApiWorld;
  let userId: string;
  let endpointId: string;

  beforeAll(async () => {
    // No job workers: nothing may add rows while the lists are paged.
    t = await startTestApp({ APP_ROLE: 'api' });
    owner = new pg.Pool({ connectionString: t.config.database.url, max: 2 });
    world = await seedApiWorld(owner, { posts: 300, quotes: 150, channels: 3, campaigns: 40 });
    userId = (await owner.query<{ user_id: string }>('SELECT user_id FROM api_tokens LIMIT 1'))
      .rows[0]!.user_id;
    await owner.query(
      `INSERT INTO notifications (user_id, audit_event_id, kind, title)
       SELECT $1, i, 'approved', 'Notification ' || i FROM generate_series(1, 120) i`,
      [userId],
    );
    endpointId = (
      await owner.query<{ id: string }>(
        `INSERT INTO webhook_endpoints (url, sealed_secret, kinds)
         VALUES ('https://hooks.example.org/countervoice', 'not-a-secret', '{approved}') RETURNING id`,
      )
    ).rows[0]!.id;
    await owner.query(
      `INSERT INTO webhook_deliveries (endpoint_id, audit_event_id, kind, body)
       SELECT $1, i, 'approved', '{}' FROM generate_series(1, 120) i`,
      [endpointId],
    );
    // Four creation times per table, a millisecond apart: long runs of ties that only ids order.
    for (const { table } of LISTS)
      await owner.query(
        `UPDATE ${table} t SET created_at = timestamptz '2026-06-01T12:00:00.000Z'
           + (r.n % 4) * interval '1 millisecond'
         FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM ${table}) r WHERE t.id = r.id`,
      );
    await owner.query('ANALYZE');
  }, 120_000);

  afterAll(async () => {
    await owner?.end();
    await t?.close();
  });

  const pageThrough = async (path: string, limit: number): Promise<string[]> => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const res = await t
        .http()
        .get(`${path}?limit=${limit}${query}`)
        .set('authorization', `Bearer ${world.token}`)
        .expect(200);
      const items = res.body.items as { id: string }[];
      expect(items.length).toBeLessThanOrEqual(limit);
      seen.push(...items.map((item) => item.id));
      cursor = res.body.nextCursor as string | null;
    } while (cursor && seen.length < DEPTH);
    return seen;
  };

  it.each(LISTS)('$path pages through every row once, newest first, ties by id', async (list) => {
    // The table's plain order, as PostgreSQL sorts it.
    const ownerIds = { user_id: userId, endpoint_id: endpointId };
    const rows = (
      await owner.query<{ id: string; created_at: Date }>(
        `SELECT id, created_at FROM ${list.table}
         ${'ownedBy' in list ? `WHERE ${list.ownedBy} = $1` : ''}
         ORDER BY created_at DESC, id DESC`,
        'ownedBy' in list ? [ownerIds[list.ownedBy]] : [],
      )
    ).rows;
    const expected = rows.map((row) => row.id);
    expect(new Set(rows.map((r) => r.created_at.getTime())).size).toBe(Math.min(4, rows.length));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 9 }), async (limit) => {
        const seen = await pageThrough(list.path.replace(':endpoint', endpointId), limit);
        expect(seen).toEqual(expected.slice(0, seen.length));
        expect(seen.length).toBeGreaterThanOrEqual(Math.min(DEPTH, expected.length));
      }),
      { numRuns: 4 },
    );
  });
});
