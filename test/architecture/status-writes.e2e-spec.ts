import { join } from 'node:path';
import {
  programOf,
  repositoryRoot,
  scanStatusWrites,
  sourceFiles,
  type StatusWrite,
} from './status-writes.js';

const root = repositoryRoot();

/** Writes that bypass the table, each on a line marked `// bypass`. */
const BYPASSING = `
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from './db/database.js';
import { posts, type PostStatus } from './db/schema/index.js';
import { PostsRepository } from './posts/posts.repository.js';

const heldOnly = (id: string) => and(eq(posts.id, id), eq(posts.status, 'held')); // bypass

export async function bypasses(db: Database, repo: PostsRepository, id: string, text: string) {
  await db.update(posts).set({ status: 'published' }).where(eq(posts.id, id)); // bypass
  await repo.update(db, id, { status: 'failed', statusReason: text }); // bypass
  const next = text === 'x' ? 'held' : 'failed';
  await repo.update(db, id, { status: next }); // bypass
  await db.update(posts).set({ updatedAt: new Date() }).where(inArray(posts.status, ['unknown', 'held'])); // bypass
  await db.update(posts).set({ updatedAt: new Date() }).where(heldOnly(id));
  await db.execute(sql\`UPDATE \${posts} SET status = 'deleted' WHERE id = \${id}\`); // bypass
  await db.execute(sql\`UPDATE \${posts} SET status = \${text as PostStatus} WHERE id = \${id}\`); // bypass
  await db.execute(sql\`UPDATE \${posts} SET status = CASE WHEN true THEN \${text as PostStatus} END\`); // bypass
  await db.execute(sql\`UPDATE \${posts} SET status = CASE WHEN true THEN 'held' END\`); // bypass
  await db.execute(sql\`UPDATE \${posts} AS p SET status = v.status FROM v WHERE p.id = v.id\`); // bypass
  const changes = { status: 'cancelled' as const }; // bypass
  await repo.update(db, id, changes);
}
`;

/** The same writes through the table: found as writes, none a bypass. */
const THROUGH_THE_TABLE = `
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from './db/database.js';
import { posts } from './db/schema/index.js';
import { decide, transitionFor, transitionOrThrow } from './posts/post-lifecycle.js';
import { PostsRepository } from './posts/posts.repository.js';

const CLAIM = transitionFor('claim');
const claimed = (id: string) => and(eq(posts.id, id), eq(posts.status, CLAIM.to));

export async function writes(db: Database, repo: PostsRepository, id: string) {
  const decision = decide('publishing', 'hold', { kind: 'system' });
  if (!decision.ok) return;
  await db.update(posts).set({ status: decision.next }).where(claimed(id));
  await repo.update(db, id, { status: transitionOrThrow('held', 'cancel', { kind: 'system' }) });
  await db.update(posts).set({ status: CLAIM.to }).where(inArray(posts.status, [...CLAIM.from]));
  const { from, to } = transitionFor('publish_succeeded');
  await db.execute(sql\`UPDATE \${posts} SET status = \${to} WHERE status IN \${from}\`);
  await db.execute(sql\`UPDATE \${posts} SET status = CASE WHEN true THEN \${to} ELSE \${CLAIM.to} END\`);
}
`;

const markedLines = (text: string) =>
  text.split('\n').flatMap((line, i) => (line.includes('// bypass') ? [i + 1] : []));

describe('every post status write takes its status from the transition table', () => {
  const files = sourceFiles(root);
  const bypassing = join(root, 'src', '__status_fixture_bypassing__.ts');
  const through = join(root, 'src', '__status_fixture_through__.ts');
  let found: StatusWrite[];
  let fixtures: { bypassing: StatusWrite[]; through: StatusWrite[] };

  beforeAll(() => {
    const program = programOf(root, files, {
      [bypassing]: BYPASSING,
      [through]: THROUGH_THE_TABLE,
    });
    found = scanStatusWrites(program, root, files);
    fixtures = {
      bypassing: scanStatusWrites(program, root, [bypassing]),
      through: scanStatusWrites(program, root, [through]),
    };
  });

  it('finds the status writers of publishing and of the posts module', () => {
    const writers = new Set(found.map((w) => w.file));
    // (Claims that end without a publication are written by the repository's batched SQL.)
    for (const file of [
      'src/publishing/publishing.repository.ts',
      'src/publishing/reconciler.service.ts',
      'src/publishing/retraction.service.ts',
      'src/posts/post-withdrawal.service.ts',
    ])
      expect(writers).toContain(file);
    // The drafting, review and scheduling writers, however the posts module splits them.
    expect([...writers].filter((f) => f.startsWith('src/posts/')).length).toBeGreaterThan(1);
    // The batched SQL of the publisher: claim, publication, endings and stale-claim expiry.
    expect(
      found.filter((w) => w.file === 'src/publishing/publishing.repository.ts').length,
    ).toBeGreaterThanOrEqual(6);
  });

  it('finds no write that bypasses the table', () => {
    expect(found.filter((w) => w.bypass)).toEqual([]);
  });

  it('catches each kind of bypass in a fixture: literals, computed statuses, raw SQL, from-states', () => {
    const lines = fixtures.bypassing.filter((w) => w.bypass).map((w) => w.line);
    expect([...new Set(lines)].sort((a, b) => a - b)).toEqual(markedLines(BYPASSING));
  });

  it('accepts the same writes made through decide, transitionOrThrow and transitionFor', () => {
    expect(fixtures.through.length).toBeGreaterThanOrEqual(9);
    expect(fixtures.through.filter((w) => w.bypass)).toEqual([]);
  });
});
