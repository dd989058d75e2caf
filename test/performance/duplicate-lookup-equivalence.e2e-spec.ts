import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { seedApiWorld, type ApiWorld } from '../../bench/support/api-seed.js';
import { POST_STATUSES, type PostStatus } from '../../src/db/schema/index.js';
import { DuplicateKeysBackfill } from '../../src/posts/duplicate-keys-backfill.js';
import {
  type DuplicateMatch,
  duplicateKeys,
  findDuplicates,
} from '../../src/posts/duplicate-text.js';
import { PostsRepository } from '../../src/posts/posts.repository.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const BASES = [
  'Bread never came to the checkpoint',
  'The emir lived in a villa',
  'We cleaned toilets, not heroes',
  'Café owners paid the emir twice',
];
const LINKS = ['https://example.org/a', 'http://t.co/xyz', 'example.com/page?x=1'];

/**
 * One of a few texts, written the many ways that count as the same post (case, runs of spaces,
 * decomposed accents, a different link, padding), or only whitespace (no key at all).
 */
const segment = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .record({
        base: fc.constantFrom(...BASES),
        casing: fc.constantFrom('as is', 'lower', 'upper'),
        space: fc.constantFrom(' ', '  ', '\n', '\t ', '\u00a0'),
        decomposed: fc.boolean(),
        link: fc.option(fc.constantFrom(...LINKS)),
        padded: fc.boolean(),
      })
      .map(({ base, casing, space, decomposed, link, padded }) => {
        let text =
          casing === 'lower' ? base.toLowerCase() : casing === 'upper' ? base.toUpperCase() : base;
        text = text.replaceAll(' ', space);
        if (decomposed) text = text.normalize('NFD');
        if (link) text = `${text} ${link}`;
        return padded ? ` ${text}\n` : text;
      }),
  },
  { weight: 1, arbitrary: fc.constantFrom('   ', '\n') },
);

const generatedPost = fc.record({
  channel: fc.nat({ max: 2 }),
  status: fc.constantFrom<PostStatus>(...POST_STATUSES),
  segments: fc.array(segment, { minLength: 1, maxLength: 3 }),
  /**
   * By SQL: without keys, as revisions written before keys existed are. Rewritten: written by the
   * app with other text, then given this text by SQL (keys the app wrote no longer fit it).
   */
  written: fc.constantFrom('by the app', 'by SQL', 'rewritten by SQL'),
  /** An earlier revision with other text: only the current revision counts. */
  earlier: fc.option(fc.array(segment, { minLength: 1, maxLength: 2 })),
});

type GeneratedPost = typeof generatedPost extends fc.Arbitrary<infer T> ? T : never;

const byPost = (matches: DuplicateMatch[]) =>
  [...matches].sort((a, b) => a.postId.localeCompare(b.postId));

/**
 * Submit's duplicate warning looks up likely duplicates by the revisions' keys (and compares in
 * full those without keys yet); it must warn of exactly what comparing every live post's text
 * warns of, whatever the posts, their statuses, revisions and keys.
 */
describe('duplicate lookup: what comparing every live post finds', () => {
  let t: TestApp;
  let owner: pg.Pool;
  let world: ApiWorld;
  let repository: PostsRepository;
  let backfill: DuplicateKeysBackfill;
  let authorId: string;
  let slot = Date.UTC(2030, 0, 1);

  beforeAll(async () => {
    t = await startTestApp({ APP_ROLE: 'api' });
    owner = new pg.Pool({ connectionString: t.config.database.url, max: 2 });
    world = await seedApiWorld(owner, { posts: 300, quotes: 50, channels: 3, campaigns: 1 });
    repository = new PostsRepository(t.db);
    backfill = t.app.get(DuplicateKeysBackfill);
    authorId = (await owner.query<{ id: string }>('SELECT id FROM users LIMIT 1')).rows[0]!.id;
  }, 120_000);

  afterAll(async () => {
    await owner?.end();
    await t?.close();
  });

  async function store(post: GeneratedPost): Promise<string> {
    const revisions = post.earlier ? [post.earlier, post.segments] : [post.segments];
    // Every post its own slot: two slot-holding posts of a channel may not share one.
    slot += 60_000;
    const { rows } = await owner.query<{ id: string }>(
      `INSERT INTO posts (campaign_id, channel_id, status, current_revision, scheduled_at, author_id, last_revised_by)
       VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
      [
        world.campaignIds[0],
        world.channelIds[post.channel],
        post.status,
        revisions.length,
        new Date(slot),
        authorId,
      ],
    );
    const postId = rows[0]!.id;
    for (const [index, segments] of revisions.entries()) {
      const revision = { postId, revision: index + 1, segments, hash: 'h', authorId };
      if (post.written === 'by SQL')
        await owner.query(
          `INSERT INTO post_revisions (post_id, revision, segments, hash, author_id) VALUES ($1, $2, $3, $4, $5)`,
          [postId, revision.revision, segments, revision.hash, authorId],
        );
      else if (post.written === 'by the app') await repository.insertRevision(t.db, revision);
      else {
        await repository.insertRevision(t.db, { ...revision, segments: ['A text of its own'] });
        await owner.query(
          'UPDATE post_revisions SET segments = $3 WHERE post_id = $1 AND revision = $2',
          [postId, revision.revision, segments],
        );
      }
    }
    return postId;
  }

  it('warns of the same posts and segments as a full comparison', async () => {
    let runsWithMatches = 0;
    let keylessMatches = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(generatedPost, { maxLength: 12 }),
        generatedPost,
        fc.boolean(),
        async (others, candidate, backfillFirst) => {
          const keylessIds = new Set<string>();
          for (const post of others) {
            const id = await store(post);
            if (post.written !== 'by the app') keylessIds.add(id);
          }
          const candidateId = await store(candidate);
          if (backfillFirst) await backfill.run();

          const subject = {
            postId: candidateId,
            channelId: world.channelIds[candidate.channel]!,
            segments: candidate.segments,
          };
          const { rows: everyLivePost } = await owner.query(
            `SELECT p.id AS "postId", p.channel_id AS "channelId", p.status, r.segments
             FROM posts p JOIN post_revisions r ON r.post_id = p.id AND r.revision = p.current_revision
             WHERE p.status IN ('scheduled', 'publishing', 'published', 'unknown', 'held')`,
          );
          const expected = findDuplicates(subject, everyLivePost);
          const found = findDuplicates(
            subject,
            await repository.liveTextsSharing(t.db, duplicateKeys(subject.segments), candidateId),
          );
          expect(byPost(found)).toEqual(byPost(expected));
          if (expected.length > 0) runsWithMatches++;
          if (!backfillFirst && expected.some((m) => keylessIds.has(m.postId))) keylessMatches++;
        },
      ),
      { numRuns: 80 },
    );
    // The property is about matches: most runs must have some, including keyless revisions.
    expect(runsWithMatches).toBeGreaterThan(40);
    expect(keylessMatches).toBeGreaterThan(5);
  }, 120_000);

  /** A published post of one revision written by SQL, so without keys until the backfill. */
  const keylessPost = () =>
    store({
      channel: 0,
      status: 'published',
      segments: ['Bread never came to the checkpoint'],
      written: 'by SQL',
      earlier: null,
    });

  it('lets the api start when a revision cannot be given its keys, and still compares it', async () => {
    const poisoned = await keylessPost();
    // The database refuses the keys of this revision alone (as a lock timeout or a rule an
    // operator added would), so the backfill fails part of the way.
    await owner.query(
      `CREATE FUNCTION refuse_duplicate_keys() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'keys refused'; END $$ LANGUAGE plpgsql`,
    );
    await owner.query(
      `CREATE TRIGGER refuse_duplicate_keys BEFORE UPDATE OF duplicate_keys ON post_revisions
       FOR EACH ROW WHEN (NEW.post_id = '${poisoned}') EXECUTE FUNCTION refuse_duplicate_keys()`,
    );
    try {
      await expect(backfill.onApplicationBootstrap()).resolves.toBeUndefined();
      const { rows } = await owner.query(
        'SELECT duplicate_keys FROM post_revisions WHERE post_id = $1',
        [poisoned],
      );
      expect(rows[0].duplicate_keys).toBeNull();
      const found = await repository.liveTextsSharing(t.db, duplicateKeys(['x']), randomUUID());
      expect(found.map((row) => row.postId)).toContain(poisoned);
    } finally {
      await owner.query('DROP TRIGGER refuse_duplicate_keys ON post_revisions');
      await owner.query('DROP FUNCTION refuse_duplicate_keys()');
      await owner.query('DELETE FROM post_revisions WHERE post_id = $1', [poisoned]);
    }
  });

  it('refuses a revision with a missing segment, which no reader of a revision could take', async () => {
    const post = await keylessPost();
    try {
      for (const segments of [
        [null, 'The emir lived in a villa'],
        ['The emir lived in a villa', null],
        [null],
      ])
        await expect(
          owner.query('UPDATE post_revisions SET segments = $2 WHERE post_id = $1', [
            post,
            segments,
          ]),
        ).rejects.toThrow(/post_revisions_segments_check/);
      const { rows } = await owner.query('SELECT segments FROM post_revisions WHERE post_id = $1', [
        post,
      ]);
      expect(rows[0].segments).toEqual(['Bread never came to the checkpoint']);
    } finally {
      await owner.query('DELETE FROM post_revisions WHERE post_id = $1', [post]);
    }
  });

  it('gives every revision without keys the keys its text would have been written with', async () => {
    await owner.query('UPDATE post_revisions SET duplicate_keys = NULL WHERE revision = 1');
    await backfill.run();
    const { rows } = await owner.query<{ segments: string[]; duplicate_keys: string[] | null }>(
      'SELECT segments, duplicate_keys FROM post_revisions',
    );
    expect(rows.length).toBeGreaterThan(300);
    for (const row of rows) expect(row.duplicate_keys).toEqual(duplicateKeys(row.segments));
  });
});
