import { DomainEvents } from '../../src/common/domain-events.js';
import { DATABASE, type Database } from '../../src/db/database.js';
import { insertQuote } from '../support/library-fixtures.js';
import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';

describe('the post review workflow', () => {
  let t: TestApp;
  let admin: SignedInClient;
  let author: SignedInClient;
  let editor: SignedInClient;
  let editor2: SignedInClient;
  let safety: SignedInClient;
  let legal: SignedInClient;
  let campaignId: string;
  let channelId: string;

  beforeAll(async () => {
    t = await startTestApp();
    [admin, author, editor, editor2, safety, legal] = await Promise.all([
      t.as(['admin']),
      t.as(['author']),
      t.as(['editor']),
      t.as(['editor']),
      t.as(['safety_reviewer']),
      t.as(['legal_reviewer']),
    ]);
    const campaign = await admin
      .post('/api/campaigns', {
        name: 'Voices',
        goal: 'Show the reality',
        audience: '16-24',
        language: 'en',
        timezone: 'Europe/London',
      })
      .expect(201);
    campaignId = campaign.body.id;
    const channel = await admin
      .post('/api/channels', {
        platform: 'sandbox',
        handle: 'voices_demo',
        language: 'en',
        timezone: 'Europe/London',
        weeklySlots: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
          { weekday, time: '09:00' },
          { weekday, time: '13:00' },
          { weekday, time: '18:00' },
        ]),
        minSpacingMinutes: 120,
        dailyCap: 3,
        credentials: { token: 'sandbox-secret-value' },
      })
      .expect(201);
    channelId = channel.body.id;
    expect(JSON.stringify(channel.body)).not.toContain('sandbox-secret-value');
  });
  afterAll(() => t.close());

  const draft = async (segments: string[], quoteIds: string[] = [], by = author) =>
    (await by.post('/api/posts', { campaignId, channelId, segments, quoteIds }).expect(201))
      .body as { id: string };

  const approveAll = async (postId: string, stages: [SignedInClient, string][]) => {
    for (const [reviewer, stage] of stages) {
      await reviewer
        .post(`/api/posts/${postId}/reviews`, {
          revision: (await reviewer.get(`/api/posts/${postId}`)).body.currentRevision,
          stage,
          decision: 'approve',
        })
        .expect(200);
    }
  };

  it('runs the whole journey: thread from a risky quote, four-eyes, safety stage, slot, edit voids, retraction withdraws', async () => {
    const { quoteId } = await insertQuote(t, { identityRisk: 'medium' });
    const post = await draft(
      [
        '1/ He joined for a cause and found a cleaning rota.',
        '2/ "There was no holy war." — a former member',
      ],
      [quoteId],
    );

    const submitted = await author.post(`/api/posts/${post.id}/submit`).expect(200);
    expect(submitted.body.review.requiredStages).toEqual(['editorial', 'safety']);

    const own = await author
      .post(`/api/posts/${post.id}/reviews`, {
        revision: 1,
        stage: 'editorial',
        decision: 'approve',
      })
      .expect(403);
    expect(own.body.detail).toMatch(/needs one of the roles: editor/);

    await approveAll(post.id, [[editor, 'editorial']]);
    expect((await editor.get(`/api/posts/${post.id}`)).body.status).toBe('in_review');
    await approveAll(post.id, [[safety, 'safety']]);
    const approved = (await editor.get(`/api/posts/${post.id}`)).body;
    expect(approved.status).toBe('approved');
    expect(approved.approvedRevision).toBe(1);

    const scheduled = await editor
      .post(`/api/posts/${post.id}/schedule`, { nextFreeSlot: true })
      .expect(200);
    expect(scheduled.body.status).toBe('scheduled');
    const at = new Date(scheduled.body.scheduledAt);
    expect(at.getTime()).toBeGreaterThan(Date.now());
    expect(['09:00', '13:00', '18:00']).toContain(
      at.toLocaleTimeString('en-GB', {
        timeZone: 'Europe/London',
        hour: '2-digit',
        minute: '2-digit',
      }),
    );

    const edited = await author
      .put(`/api/posts/${post.id}`, {
        baseRevision: 1,
        segments: [
          '1/ He joined for a cause and found a cleaning rota!',
          '2/ "There was no holy war."',
        ],
        quoteIds: [quoteId],
      })
      .expect(200);
    expect(edited.body).toMatchObject({
      status: 'draft',
      currentRevision: 2,
      approvedRevision: null,
      scheduledAt: null,
    });
    const afterEdit = (await editor.get(`/api/posts/${post.id}`)).body;
    expect(afterEdit.review.approvedStages).toEqual([]);

    await t.db.transaction(async (tx) =>
      t.app.get(DomainEvents).publish(
        'quote.retracted',
        {
          quoteIds: [quoteId],
          reason: 'source retracted the interview',
          actor: { id: null, label: 'system' },
          cause: 'quote_retracted',
        },
        tx,
      ),
    );
    const withdrawn = (await editor.get(`/api/posts/${post.id}`)).body;
    expect(withdrawn).toMatchObject({
      status: 'withdrawn',
      statusReason: 'source retracted the interview',
    });
  });

  it('refuses approval by the last reviser even when they hold the stage role', async () => {
    const post = await draft(['Draft by the author']);
    await editor
      .put(`/api/posts/${post.id}`, { baseRevision: 1, segments: ['Reworded by an editor'] })
      .expect(200);
    await editor.post(`/api/posts/${post.id}/submit`).expect(200);
    const res = await editor
      .post(`/api/posts/${post.id}/reviews`, {
        revision: 2,
        stage: 'editorial',
        decision: 'approve',
      })
      .expect(403);
    expect(res.body.detail).toMatch(/You last revised this post/);
    await editor2
      .post(`/api/posts/${post.id}/reviews`, {
        revision: 2,
        stage: 'editorial',
        decision: 'approve',
      })
      .expect(200);
  });

  it('refuses approval by the author even when they are an editor', async () => {
    const post = await draft(['Written by an editor'], [], editor);
    await editor.post(`/api/posts/${post.id}/submit`).expect(200);
    const res = await editor
      .post(`/api/posts/${post.id}/reviews`, {
        revision: 1,
        stage: 'editorial',
        decision: 'approve',
      })
      .expect(403);
    expect(res.body.detail).toMatch(/You wrote this post/);
  });

  it('adds the legal stage for legal flags and the safety stage for sensitivity flags', async () => {
    const legalQuote = await insertQuote(t, { legalFlags: ['ongoing_prosecution'] });
    const graphicQuote = await insertQuote(t, { sensitivityFlags: ['graphic_violence'] });
    const a = await draft(['Legal check please'], [legalQuote.quoteId]);
    expect(
      (await author.post(`/api/posts/${a.id}/submit`).expect(200)).body.review.requiredStages,
    ).toEqual(['editorial', 'legal']);
    const b = await draft(['Safety check please'], [graphicQuote.quoteId]);
    expect(
      (await author.post(`/api/posts/${b.id}/submit`).expect(200)).body.review.requiredStages,
    ).toEqual(['editorial', 'safety']);
    await approveAll(a.id, [[editor, 'editorial']]);
    expect((await legal.get(`/api/posts/${a.id}`)).body.status).toBe('in_review');
    await approveAll(a.id, [[legal, 'legal']]);
    expect((await legal.get(`/api/posts/${a.id}`)).body.status).toBe('approved');
  });

  it('answers 409 to an edit based on a stale revision and changes nothing', async () => {
    const post = await draft(['First words']);
    await author
      .put(`/api/posts/${post.id}`, { baseRevision: 1, segments: ['Second words'] })
      .expect(200);
    const stale = await editor
      .put(`/api/posts/${post.id}`, { baseRevision: 1, segments: ['Lost update'] })
      .expect(409);
    expect(stale.body).toMatchObject({ title: 'Stale revision', currentRevision: 2 });
    const current = (await editor.get(`/api/posts/${post.id}`)).body;
    expect(current.revision.segments.map((s: { text: string }) => s.text)).toEqual([
      'Second words',
    ]);
    const diff = await editor.get(`/api/posts/${post.id}/diff?from=1&to=2`).expect(200);
    expect(diff.body.segments[0].kind).toBe('changed');
  });

  it('names the segment and its weighted length when a segment is too long', async () => {
    const res = await author
      .post('/api/posts', { campaignId, channelId, segments: ['ok', '界'.repeat(141)] })
      .expect(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ field: 'segments[1]', rule: 'maxWeightedLength' }),
    ]);
    expect(res.body.errors[0].message).toContain('282');
  });

  it('refuses quotes that are not usable', async () => {
    const pending = await insertQuote(t, { vettingStatus: 'pending' });
    const withdrawnConsent = await insertQuote(t, { consentStatus: 'withdrawn' });
    const res = await author
      .post('/api/posts', {
        campaignId,
        channelId,
        segments: ['x'],
        quoteIds: [pending.quoteId, withdrawnConsent.quoteId],
      })
      .expect(400);
    expect(
      res.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`),
    ).toEqual(['quoteIds[0]:usable', 'quoteIds[1]:usable']);
    expect(res.body.errors[1].message).toContain('consent_withdrawn');
  });

  it('blocks approval while an identifying detail is in the text, until a safety reviewer clears it', async () => {
    const q = await insertQuote(t, {
      identityRisk: 'medium',
      identifyingDetails: [{ kind: 'hometown', value: 'Tal Afar' }],
    });
    const post = await draft(['He grew up in tal afar and left in 2014.'], [q.quoteId]);
    const submitted = await author.post(`/api/posts/${post.id}/submit`).expect(200);
    // The author learns where the text names a private detail, not which one (issue 10 §4).
    expect(submitted.body.review.identityFindings).toEqual([
      { segment: 0, start: 14, end: 22, cleared: false },
    ]);
    const seenBySafety = await safety.get(`/api/posts/${post.id}`).expect(200);
    expect(seenBySafety.body.review.identityFindings).toEqual([
      expect.objectContaining({ kind: 'hometown', matchedText: 'tal afar', cleared: false }),
    ]);
    const blocked = await editor
      .post(`/api/posts/${post.id}/reviews`, {
        revision: 1,
        stage: 'editorial',
        decision: 'approve',
      })
      .expect(409);
    expect(blocked.body.identityMatches).toHaveLength(1);
    await editor
      .post(`/api/posts/${post.id}/identity-clearances`, {
        revision: 1,
        detailId: q.detailIds[0],
        note: 'x',
      })
      .expect(403);
    await safety
      .post(`/api/posts/${post.id}/identity-clearances`, {
        revision: 1,
        detailId: q.detailIds[0],
        note: 'Town is in his published interview',
      })
      .expect(204);
    await editor
      .post(`/api/posts/${post.id}/reviews`, {
        revision: 1,
        stage: 'editorial',
        decision: 'approve',
      })
      .expect(200);
  });

  it('warns on submit when the same text is already scheduled', async () => {
    const first = await draft(['Identical words about daily life']);
    await author.post(`/api/posts/${first.id}/submit`).expect(200);
    await approveAll(first.id, [[editor, 'editorial']]);
    await editor.post(`/api/posts/${first.id}/schedule`, { nextFreeSlot: true }).expect(200);
    const second = await draft(['identical   words about DAILY life']);
    const res = await author.post(`/api/posts/${second.id}/submit`).expect(200);
    expect(res.body.duplicates).toEqual([
      expect.objectContaining({ postId: first.id, sameChannel: true }),
    ]);
  });

  it('never gives two posts the same slot, even when scheduled at the same moment', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const p = await draft([`Concurrent post ${i}`]);
      await author.post(`/api/posts/${p.id}/submit`).expect(200);
      await approveAll(p.id, [[editor, 'editorial']]);
      ids.push(p.id);
    }
    const results = await Promise.all(
      ids.map((id) => editor.post(`/api/posts/${id}/schedule`, { nextFreeSlot: true })),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const times = results.map((r) => r.body.scheduledAt as string);
    expect(new Set(times).size).toBe(4);
    const sorted = times.map((s) => new Date(s).getTime()).sort((x, y) => x - y);
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(120 * 60_000);
  });

  it('refuses an explicit time that breaks the channel spacing and accepts any timezone offset', async () => {
    const make = async (text: string) => {
      const p = await draft([text]);
      await author.post(`/api/posts/${p.id}/submit`).expect(200);
      await approveAll(p.id, [[editor, 'editorial']]);
      return p.id;
    };
    const a = await make('Explicit time A');
    const b = await make('Explicit time B');
    const at = '2031-06-01T10:00:00+02:00';
    const res = await editor.post(`/api/posts/${a}/schedule`, { at }).expect(200);
    expect(res.body.scheduledAt).toBe('2031-06-01T08:00:00.000Z');
    const clash = await editor
      .post(`/api/posts/${b}/schedule`, { at: '2031-06-01T08:30:00Z' })
      .expect(409);
    expect(clash.body.detail).toMatch(/spacing/);
  });

  it('keeps a post out of a blackout window when finding the next free slot', async () => {
    const now = new Date();
    const endsAt = new Date(now.getTime() + 3 * 86_400_000);
    await editor
      .post('/api/pauses', {
        kind: 'blackout',
        scope: 'channel',
        channelId,
        startsAt: now.toISOString(),
        endsAt: endsAt.toISOString(),
        reason: 'Memorial week',
      })
      .expect(201);
    const p = await draft(['After the blackout']);
    await author.post(`/api/posts/${p.id}/submit`).expect(200);
    await approveAll(p.id, [[editor, 'editorial']]);
    const res = await editor
      .post(`/api/posts/${p.id}/schedule`, { nextFreeSlot: true })
      .expect(200);
    expect(new Date(res.body.scheduledAt).getTime()).toBeGreaterThanOrEqual(endsAt.getTime());
  });

  it('lists the review queue for the caller’s stages, oldest first, without their own posts', async () => {
    const post = await draft(['Queue me']);
    await author.post(`/api/posts/${post.id}/submit`).expect(200);
    const queue = await editor.get('/api/posts/review-queue').expect(200);
    expect(queue.body.items.map((p: { id: string }) => p.id)).toContain(post.id);
    const legalQueue = await legal.get('/api/posts/review-queue').expect(200);
    expect(legalQueue.body.items.map((p: { id: string }) => p.id)).not.toContain(post.id);
    await author.get('/api/posts/review-queue').expect(403);
  });

  it('pages the review queue oldest submission first, every post once', async () => {
    const submitted: string[] = [];
    for (const text of ['First in line', 'Second in line', 'Third in line']) {
      const post = await draft([text]);
      await author.post(`/api/posts/${post.id}/submit`).expect(200);
      submitted.push(post.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await editor
        .get(`/api/posts/review-queue?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.items.map((p) => p.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const whole = await editor.get('/api/posts/review-queue?limit=200').expect(200);
    expect(seen).toEqual(whole.body.items.map((p: { id: string }) => p.id));
    expect(seen.filter((id) => submitted.includes(id))).toEqual(submitted);
    expect(whole.body.nextCursor).toBeNull();

    const forged = await editor.get('/api/posts/review-queue?cursor=not*a*cursor').expect(400);
    expect(forged.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    const tooMany = await editor.get('/api/posts/review-queue?limit=201').expect(400);
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ field: 'limit' })]);
  });

  it('keeps a post in each reviewer’s queue until their own stage is approved', async () => {
    const { quoteId } = await insertQuote(t, { identityRisk: 'high' });
    const post = await draft(['Needs editorial and safety'], [quoteId]);
    await author.post(`/api/posts/${post.id}/submit`).expect(200);
    const queued = async (reviewer: SignedInClient) =>
      (await reviewer.get('/api/posts/review-queue').expect(200)).body.items.map(
        (p: { id: string }) => p.id,
      );
    expect(await queued(editor)).toContain(post.id);
    expect(await queued(safety)).toContain(post.id);

    await approveAll(post.id, [[editor, 'editorial']]);
    expect(await queued(editor)).not.toContain(post.id);
    expect(await queued(safety)).toContain(post.id);

    await approveAll(post.id, [[safety, 'safety']]);
    expect(await queued(safety)).not.toContain(post.id);
  });

  it('flags a published post for action instead of withdrawing it when its quote is retracted', async () => {
    const { quoteId } = await insertQuote(t);
    const post = await draft(['Already out'], [quoteId]);
    await t.query(`UPDATE posts SET status = 'published' WHERE id = $1`, [post.id]);
    const db = t.app.get<Database>(DATABASE);
    await db.transaction((tx) =>
      t.app.get(DomainEvents).publish(
        'quote.retracted',
        {
          quoteIds: [quoteId],
          reason: 'consent withdrawn',
          actor: { id: null, label: 'system' },
          cause: 'consent_withdrawn',
        },
        tx,
      ),
    );
    const flagged = await editor.get('/api/posts?needsRetraction=true').expect(200);
    expect(flagged.body.items).toEqual([
      expect.objectContaining({ id: post.id, status: 'published', needsRetraction: true }),
    ]);
  });
});
