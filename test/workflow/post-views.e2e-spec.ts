import { PostsRepository } from '../../src/posts/posts.repository.js';
import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';

/** What the post screens read: names instead of ids, list excerpts, diffs, the detail view. */
describe('post views', () => {
  let t: TestApp;
  let author: SignedInClient;
  let editor: SignedInClient;
  let campaignId: string;
  let channelId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.as(['admin']);
    [author, editor] = await Promise.all([t.as(['author']), t.as(['editor'])]);
    campaignId = (
      await admin
        .post('/api/campaigns', {
          name: 'Views',
          goal: 'Show the reality',
          audience: '16-24',
          language: 'en',
          timezone: 'Europe/London',
        })
        .expect(201)
    ).body.id;
    channelId = (
      await admin
        .post('/api/channels', {
          platform: 'sandbox',
          handle: 'views_demo',
          language: 'en',
          timezone: 'Europe/London',
          weeklySlots: [{ weekday: 1, time: '09:00' }],
        })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  const draft = async (segments: string[], by = author) =>
    (await by.post('/api/posts', { campaignId, channelId, segments }).expect(201)).body as {
      id: string;
    };
  const nameOf = (c: SignedInClient) => c.email.split('@')[0]!;

  it('shows each comment with its author’s display name', async () => {
    const post = await draft(['Comment on me']);
    const added = await author
      .post(`/api/posts/${post.id}/comments`, { body: 'Please check the date.' })
      .expect(201);
    expect(added.body).toMatchObject({ authorId: author.userId, authorName: nameOf(author) });
    await editor.post(`/api/posts/${post.id}/comments`, { body: 'Checked.' }).expect(201);

    const thread = await editor.get(`/api/posts/${post.id}/comments`).expect(200);
    expect(thread.body).toEqual([
      expect.objectContaining({
        authorId: author.userId,
        authorName: nameOf(author),
        body: 'Please check the date.',
      }),
      expect.objectContaining({
        authorId: editor.userId,
        authorName: nameOf(editor),
        body: 'Checked.',
      }),
    ]);
  });

  it('gives list items the opening of the current revision’s first segment', async () => {
    const long =
      'He joined for a cause and found a cleaning rota, eight months of guarding an empty road, ' +
      'and nobody ever spoke of the holy war again.';
    const post = await draft([long, '2/ The second post of the thread.']);
    const short = await draft(['A short one.']);
    const listed = await editor.get(`/api/posts?campaignId=${campaignId}`).expect(200);
    const item = listed.body.items.find((p: { id: string }) => p.id === post.id);
    expect(item).toMatchObject({
      excerpt:
        'He joined for a cause and found a cleaning rota, eight months of guarding an empty road, and nobody ever spoke of the…',
      segmentCount: 2,
    });
    expect(Array.from(item.excerpt as string).length).toBeLessThanOrEqual(121);
    expect(listed.body.items.find((p: { id: string }) => p.id === short.id)).toMatchObject({
      excerpt: 'A short one.',
      segmentCount: 1,
    });

    // An edit changes what the list shows; the review queue carries the excerpt too.
    await author
      .put(`/api/posts/${short.id}`, { baseRevision: 1, segments: ['Reworded, still short.'] })
      .expect(200);
    await author.post(`/api/posts/${short.id}/submit`).expect(200);
    const queue = await editor.get('/api/posts/review-queue').expect(200);
    expect(queue.body.items.find((p: { id: string }) => p.id === short.id)).toMatchObject({
      excerpt: 'Reworded, still short.',
      segmentCount: 1,
      currentRevision: 2,
    });
  });

  it('answers the diff in the shape its OpenAPI schema declares', async () => {
    const post = await draft(['Same words.', 'Old second words here.', 'Dropped later.']);
    await author
      .put(`/api/posts/${post.id}`, {
        baseRevision: 1,
        segments: ['Same words.', 'New second words here.', 'Added at the end.'],
      })
      .expect(200);
    const diff = await editor.get(`/api/posts/${post.id}/diff?from=1&to=2`).expect(200);
    expect(diff.body.from).toBe(1);
    expect(diff.body.to).toBe(2);
    const kinds = diff.body.segments.map((s: { kind: string }) => s.kind);
    expect(kinds).toEqual(expect.arrayContaining(['unchanged', 'changed']));
    expect(diff.body.segments[0]).toEqual({
      kind: 'unchanged',
      before: 0,
      after: 0,
      text: 'Same words.',
    });

    const doc = (await t.http().get('/api/openapi.json').expect(200)).body;
    const ok = doc.paths['/api/posts/{id}/diff'].get.responses['200'];
    expect(ok.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/RevisionDiffDto',
    });
    const schemas = doc.components.schemas;
    expect(schemas.RevisionDiffDto.required).toEqual(
      expect.arrayContaining(['from', 'to', 'segments']),
    );
    const variants = schemas.RevisionDiffDto.properties.segments.items;
    expect(variants.discriminator.propertyName).toBe('kind');
    // Every segment the endpoint answered has exactly the properties its variant declares.
    for (const segment of diff.body.segments as { kind: string }[]) {
      const ref = variants.discriminator.mapping[segment.kind] as string;
      const schema = schemas[ref.split('/').pop()!];
      expect(Object.keys(segment).sort()).toEqual(Object.keys(schema.properties).sort());
      expect(schema.required.sort()).toEqual(Object.keys(schema.properties).sort());
    }
  });

  it('reads the current revision once to show a post, and shows that revision', async () => {
    const post = await draft(['First text.']);
    await author
      .put(`/api/posts/${post.id}`, { baseRevision: 1, segments: ['Second text.', 'More.'] })
      .expect(200);
    const repository = t.app.get(PostsRepository);
    const original = repository.revision;
    const reads: number[] = [];
    repository.revision = (postId, revision, tx) => {
      if (postId === post.id) reads.push(revision);
      return original.call(repository, postId, revision, tx);
    };
    try {
      const shown = await editor.get(`/api/posts/${post.id}`).expect(200);
      expect(shown.body.revision).toMatchObject({
        revision: 2,
        segments: [expect.objectContaining({ text: 'Second text.' }), expect.anything()],
      });
      expect(shown.body.review.requiredStages).toEqual(['editorial']);
    } finally {
      repository.revision = original;
    }
    expect(reads).toEqual([2]);
  });

  describe('requested timing', () => {
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

    it('is set on create and on an edit of a draft, null meaning the next free slot', async () => {
      const at = inDays(3);
      const created = await author
        .post('/api/posts', { campaignId, channelId, segments: ['Timed post'], requestedAt: at })
        .expect(201);
      expect(created.body.requestedAt).toBe(at);
      const plain = await draft(['Untimed post']);
      expect((await author.get(`/api/posts/${plain.id}`).expect(200)).body.requestedAt).toBeNull();

      // An edit that does not mention it leaves it; null clears it.
      const kept = await author
        .put(`/api/posts/${created.body.id}`, { baseRevision: 1, segments: ['Timed post!'] })
        .expect(200);
      expect(kept.body.requestedAt).toBe(at);
      const cleared = await author
        .put(`/api/posts/${created.body.id}`, {
          baseRevision: 2,
          segments: ['Timed post!'],
          requestedAt: null,
        })
        .expect(200);
      expect(cleared.body.requestedAt).toBeNull();
      expect((await editor.get(`/api/posts/${created.body.id}`)).body.requestedAt).toBeNull();
    });

    it('refuses a time in the past or not a date-time, naming requestedAt, and changes nothing', async () => {
      const past = await author
        .post('/api/posts', {
          campaignId,
          channelId,
          segments: ['Too late'],
          requestedAt: new Date(Date.now() - 60_000).toISOString(),
        })
        .expect(400);
      expect(past.body.errors).toEqual([
        expect.objectContaining({ field: 'requestedAt', rule: 'future' }),
      ]);
      const garbage = await author
        .post('/api/posts', {
          campaignId,
          channelId,
          segments: ['Not a time'],
          requestedAt: 'tomorrow morning',
        })
        .expect(400);
      expect(garbage.body.errors).toEqual([expect.objectContaining({ field: 'requestedAt' })]);

      const post = await draft(['Edit me']);
      const bad = await author
        .put(`/api/posts/${post.id}`, {
          baseRevision: 1,
          segments: ['Edited'],
          requestedAt: '2020-01-01T09:00:00Z',
        })
        .expect(400);
      expect(bad.body.errors).toEqual([
        expect.objectContaining({ field: 'requestedAt', rule: 'future' }),
      ]);
      const unchanged = (await author.get(`/api/posts/${post.id}`).expect(200)).body;
      expect(unchanged).toMatchObject({ currentRevision: 1, requestedAt: null });
      const patched = await author
        .patch(`/api/posts/${post.id}`, { requestedAt: '2020-01-01T09:00:00Z' })
        .expect(400);
      expect(patched.body.errors[0].field).toBe('requestedAt');
      await author.patch(`/api/posts/${post.id}`, {}).expect(400);
    });

    it('changes on an approved post without a new revision, a new hash or another review', async () => {
      const post = await draft(['Approved then retimed']);
      await author.post(`/api/posts/${post.id}/submit`).expect(200);
      await editor
        .post(`/api/posts/${post.id}/reviews`, {
          revision: 1,
          stage: 'editorial',
          decision: 'approve',
        })
        .expect(200);
      const before = (await editor.get(`/api/posts/${post.id}`).expect(200)).body;
      expect(before.status).toBe('approved');

      const at = inDays(5);
      const retimed = await author.patch(`/api/posts/${post.id}`, { requestedAt: at }).expect(200);
      expect(retimed.body).toMatchObject({
        status: 'approved',
        currentRevision: 1,
        approvedRevision: 1,
        requestedAt: at,
      });
      const after = (await editor.get(`/api/posts/${post.id}`).expect(200)).body;
      expect(after.revision.hash).toBe(before.revision.hash);
      expect(after.review.approvedStages).toEqual(['editorial']);
      expect(after.review.pendingStages).toEqual([]);

      // The editor schedules it at the requested time (what the UI pre-fills).
      const scheduled = await editor
        .post(`/api/posts/${post.id}/schedule`, { at: after.requestedAt })
        .expect(200);
      expect(scheduled.body).toMatchObject({ status: 'scheduled', scheduledAt: at });
      // Once placed, the time is the editor's: the author can no longer ask for another.
      const late = await author
        .patch(`/api/posts/${post.id}`, { requestedAt: inDays(6) })
        .expect(409);
      expect(late.body.detail).toMatch(/editor sets its time/);
    });
  });
});
