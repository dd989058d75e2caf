import { randomUUID } from 'node:crypto';
import { drizzle } from 'drizzle-orm/node-postgres';
import fc from 'fast-check';
import pg from 'pg';
import type { Database } from '../../src/db/database.js';
import * as schema from '../../src/db/schema/index.js';
import {
  NOTIFICATION_KINDS,
  notifications,
  notificationSources,
} from '../../src/db/schema/index.js';
import { insertRows } from '../../src/db/insert-rows.js';
import { createTestDatabase } from '../support/test-app.js';

/**
 * insertRows, which writes the notification fan-out's rows as one jsonb parameter, against a real
 * PostgreSQL: whatever the text, every row reads back as written, columns no row carries take
 * their defaults, and rows that conflict are skipped and not returned.
 */
describe('insertRows (many rows as one jsonb parameter)', () => {
  let client: pg.Client;
  let db: Database;
  let nextEventId = 1;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: await createTestDatabase() });
    await client.connect();
    db = drizzle(client, { schema });
  });

  afterAll(() => client.end());

  // PostgreSQL text cannot hold U+0000, so no title the app could store carries it.
  const text = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/\0/g, ''));

  it('reads back every row as written, with the database defaults for what no row carries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            kind: fc.constantFrom(...NOTIFICATION_KINDS),
            postId: fc.option(fc.uuid(), { nil: null }),
            // Left out of some rows: written as NULL there, as another row carries it.
            channelId: fc.option(fc.uuid(), { nil: undefined }),
            title: text,
          }),
          { minLength: 1, maxLength: 30 },
        ),
        async (drafts) => {
          // The people the notifications are for exist: only the foreign key needs them.
          await client.query('SET session_replication_role = replica');
          const rows = drafts.map((draft) => ({
            ...draft,
            userId: randomUUID(),
            auditEventId: nextEventId++,
          }));
          await db.transaction(async (tx) => {
            await insertRows(tx, notifications, rows);
          });
          await client.query('SET session_replication_role = origin');
          const { rows: stored } = await client.query<{
            audit_event_id: string;
            user_id: string;
            kind: string;
            post_id: string | null;
            channel_id: string | null;
            title: string;
            read_at: Date | null;
            created_at: Date;
          }>(
            `SELECT audit_event_id, user_id, kind, post_id, channel_id, title, read_at, created_at
             FROM notifications WHERE audit_event_id = ANY($1) ORDER BY audit_event_id`,
            [rows.map((r) => r.auditEventId)],
          );
          expect(
            stored.map((s) => ({
              auditEventId: Number(s.audit_event_id),
              userId: s.user_id,
              kind: s.kind,
              postId: s.post_id,
              channelId: s.channel_id,
              title: s.title,
            })),
          ).toEqual(
            rows.map(({ auditEventId, userId, kind, postId, channelId, title }) => ({
              auditEventId,
              userId,
              kind,
              postId,
              channelId: channelId ?? null,
              title,
            })),
          );
          // Defaults: unread, created now.
          for (const s of stored) {
            expect(s.read_at).toBeNull();
            expect(Math.abs(s.created_at.getTime() - Date.now())).toBeLessThan(60_000);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('skips rows that conflict and returns only the ones it wrote, in order', async () => {
    const first = nextEventId++;
    const second = nextEventId++;
    const written = await insertRows(
      db,
      notificationSources,
      [{ auditEventId: first, kind: 'published' }],
      'auditEventId',
    );
    expect(written.map(Number)).toEqual([first]);
    const again = await insertRows(
      db,
      notificationSources,
      [
        { auditEventId: first, kind: 'published' },
        { auditEventId: second, kind: 'published' },
      ],
      'auditEventId',
    );
    expect(again.map(Number)).toEqual([second]);
  });

  it('returns nothing for no rows', async () => {
    await expect(insertRows(db, notifications, [])).resolves.toEqual([]);
  });
});
