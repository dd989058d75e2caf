import fc from 'fast-check';
import type pg from 'pg';
import { SYSTEM_ACTOR } from '../../src/audit/actor.js';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import { ChannelsService } from '../../src/channels/channels.service.js';
import { PG_POOL } from '../../src/db/database.js';
import { EmailSender } from '../../src/notifications/email-sender.js';
import { NotificationFanOut } from '../../src/notifications/notification-fan-out.js';
import { verifySignature } from '../../src/notifications/webhook-signature.js';
import { WebhookSender } from '../../src/notifications/webhook-sender.js';
import { insertQuote } from '../support/library-fixtures.js';
import {
  createCampaign,
  createChannel,
  type PublishingTeam,
  scheduledPost,
  waitFor,
} from '../support/publishing-fixtures.js';
import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';
import { startHookReceiver, startMailCatcher } from './receivers.js';

/** What must never leave the server in an email, webhook or notification (seeded below). */
const SECRETS = ['Manbij', 'Khalid Haddad', 'SECRETQUOTE', 'his hometown'];
const PUBLIC_URL = 'https://countervoice.example.org';

interface NotificationView {
  id: string;
  kind: string;
  title: string;
  postId: string | null;
  channelId: string | null;
  readAt: string | null;
}

describe('notifications', () => {
  let t: TestApp;
  let mail: Awaited<ReturnType<typeof startMailCatcher>>;
  let hooks: Awaited<ReturnType<typeof startHookReceiver>>;
  let team: PublishingTeam;
  let safety: SignedInClient;
  let place: { campaignId: string; channelId: string };
  let hookSecret: string;
  let hookId: string;

  const sweep = () => t.app.get(NotificationFanOut).sweep();
  const mine = async (client: SignedInClient) =>
    (await client.get('/api/notifications?limit=200').expect(200)).body.items as NotificationView[];
  /** In alphabetical order: events of one sweep may share a creation time. */
  const kindsFor = async (client: SignedInClient, postId: string) =>
    (await mine(client))
      .filter((n) => n.postId === postId)
      .map((n) => n.kind)
      .sort();

  beforeAll(async () => {
    [mail, hooks] = await Promise.all([startMailCatcher(), startHookReceiver()]);
    t = await startTestApp({
      SMTP_URL: mail.url,
      PUBLIC_BASE_URL: PUBLIC_URL,
      NOTIFY_RETRY_BASE_MS: '100',
      // The test drives the sweep itself; the scheduled one would only race it (harmlessly).
      NOTIFY_SWEEP_SECONDS: '3600',
    });
    const [admin, author, editor] = await Promise.all([
      t.as(['admin']),
      t.as(['author']),
      t.as(['editor']),
    ]);
    team = { admin, author, editor };
    safety = await t.as(['safety_reviewer']);
    place = { campaignId: await createCampaign(team), channelId: await createChannel(team) };
    const hook = await admin
      .post('/api/webhooks', {
        url: hooks.url,
        description: 'Team chat',
        kinds: ['changes_requested', 'published', 'quote_retracted'],
      })
      .expect(201);
    hookSecret = hook.body.secret;
    hookId = hook.body.id;
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([mail.close(), hooks.close()]);
  });

  const riskyQuote = () =>
    insertQuote(t, {
      identityRisk: 'medium',
      text: 'SECRETQUOTE: we cleaned the barracks in Manbij every day.',
      identifyingDetails: [
        { kind: 'hometown', value: 'Manbij' },
        { kind: 'real_name', value: 'Khalid Haddad' },
      ],
    });

  const draft = async (quoteId: string, text = 'They promised glory and gave us mops.') =>
    (
      await team.author
        .post('/api/posts', { ...place, segments: [text], quoteIds: [quoteId] })
        .expect(201)
    ).body.id as string;

  it('follows the review loop: reviewers are asked, then the author hears each decision', async () => {
    const { quoteId } = await riskyQuote();
    const postId = await draft(quoteId);
    await team.author.post(`/api/posts/${postId}/submit`).expect(200);
    await sweep();
    expect(await kindsFor(team.editor, postId)).toEqual(['review_requested']);
    expect(await kindsFor(safety, postId)).toEqual(['review_requested']);
    expect(await kindsFor(team.author, postId)).toEqual([]);

    await team.editor
      .post(`/api/posts/${postId}/reviews`, {
        revision: 1,
        stage: 'editorial',
        decision: 'request_changes',
        comment: 'Remove his hometown, Manbij.',
      })
      .expect(200);
    await sweep();
    expect(await kindsFor(team.author, postId)).toEqual(['changes_requested']);

    await team.author
      .put(`/api/posts/${postId}`, {
        baseRevision: 1,
        segments: ['They promised glory and gave us brooms.'],
        quoteIds: [quoteId],
      })
      .expect(200);
    await team.author.post(`/api/posts/${postId}/submit`).expect(200);
    await team.editor
      .post(`/api/posts/${postId}/reviews`, {
        revision: 2,
        stage: 'editorial',
        decision: 'approve',
      })
      .expect(200);
    await sweep();
    // One stage of two: nothing the author waits for has happened yet.
    expect(await kindsFor(team.author, postId)).toEqual(['changes_requested']);
    await safety
      .post(`/api/posts/${postId}/reviews`, { revision: 2, stage: 'safety', decision: 'approve' })
      .expect(200);
    await sweep();
    expect(await kindsFor(team.author, postId)).toEqual(['approved', 'changes_requested']);

    await team.editor
      .post(`/api/posts/${postId}/schedule`, { at: new Date(Date.now() + 500).toISOString() })
      .expect(200);
    await waitFor(
      async () => (await team.author.get(`/api/posts/${postId}`).expect(200)).body.status,
      (status) => status === 'published',
    );
    await sweep();
    expect(await kindsFor(team.author, postId)).toEqual([
      'approved',
      'changes_requested',
      'published',
      'scheduled',
    ]);
    // Each submission asks again; the scheduling editor does not hear of their own act.
    expect(await kindsFor(team.editor, postId)).toEqual(['review_requested', 'review_requested']);
  });

  it('tells the author of a rejection', async () => {
    const postId = await draft((await insertQuote(t)).quoteId);
    await team.author.post(`/api/posts/${postId}/submit`).expect(200);
    await team.editor
      .post(`/api/posts/${postId}/reviews`, {
        revision: 1,
        stage: 'editorial',
        decision: 'reject',
        comment: 'Off message.',
      })
      .expect(200);
    await sweep();
    expect(await kindsFor(team.author, postId)).toEqual(['rejected']);
  });

  it('tells the author and the scheduling editor when publishing fails, holds or is unconfirmed', async () => {
    const postId = await scheduledPost(
      t,
      team,
      place,
      ['Later.'],
      new Date(Date.now() + 86_400_000),
    );
    // The publisher's outcomes as it records them (their paths are tested in test/publishing).
    for (const action of ['post.failed', 'post.held', 'post.unknown']) {
      await t.db.transaction((tx) =>
        t.app.get(AuditRepository).record(tx, SYSTEM_ACTOR, {
          action,
          entityType: 'post',
          entityId: postId,
          after: { status: action.slice(5), reason: 'The platform said Manbij is not allowed.' },
        }),
      );
    }
    await sweep();
    expect(await kindsFor(team.author, postId)).toEqual([
      'approved',
      'failed',
      'held',
      'scheduled',
      'unknown',
    ]);
    expect(await kindsFor(team.editor, postId)).toEqual([
      'failed',
      'held',
      'review_requested',
      'unknown',
    ]);
  });

  it('tells admins a channel needs reconnecting', async () => {
    const channelId = await createChannel(team);
    await t.app.get(ChannelsService).markNeedsReconnect(channelId, 'token revoked');
    await sweep();
    const forAdmin = (await mine(team.admin)).filter((n) => n.channelId === channelId);
    expect(forAdmin.map((n) => n.kind)).toEqual(['channel_needs_reconnect']);
    expect((await mine(team.author)).some((n) => n.channelId === channelId)).toBe(false);
  });

  it('tells authors when a quote in their post is retracted', async () => {
    const { quoteId } = await riskyQuote();
    const postId = await draft(quoteId);
    await team.editor
      .post(`/api/library/quotes/${quoteId}/retract`, { reason: 'The source withdrew it.' })
      .expect(200);
    await sweep();
    expect(await kindsFor(team.author, postId)).toEqual(['quote_retracted']);
  });

  it('hears of events as they commit, without waiting for the scheduled sweep', async () => {
    const postId = await draft((await insertQuote(t)).quoteId);
    await team.author.post(`/api/posts/${postId}/submit`).expect(200);
    // No sweep() here: the audit trigger's NOTIFY wakes the fan-out.
    await waitFor(
      () => kindsFor(team.editor, postId),
      (kinds) => kinds.includes('review_requested'),
    );
  });

  it('still handles an event whose id committed after a later event was handled', async () => {
    const [early, late] = [await createChannel(team), await createChannel(team)];
    const client = await t.app.get<pg.Pool>(PG_POOL).connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO audit_events (actor_label, action, entity_type, entity_id, after)
         VALUES ('system', 'channel.needs_reconnect', 'channel', $1, '{}')`,
        [early],
      );
      // A later id commits first and is fanned out while the earlier one is still invisible.
      await t.app.get(ChannelsService).markNeedsReconnect(late, 'token revoked');
      await sweep();
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    await sweep();
    const channels = (await mine(team.admin)).map((n) => n.channelId);
    expect(channels).toEqual(expect.arrayContaining([early, late]));
  });

  it('sends each email once, with a link to the post and no identifying detail', async () => {
    const rows = await t.query<{ id: string; post_id: string | null }>(
      `SELECT id, post_id FROM email_deliveries`,
    );
    expect(rows.length).toBeGreaterThan(10);
    const sent = () =>
      t.query<{ n: string }>(`SELECT count(*) AS n FROM email_deliveries WHERE status = 'sent'`);
    await waitFor(sent, ([r]) => Number(r!.n) === rows.length);
    expect(mail.messages).toHaveLength(rows.length);

    // A retried or duplicated job finds the delivery sent and sends nothing.
    const sender = t.app.get(EmailSender);
    for (const row of rows) {
      await sender.deliver(row.id);
      await sender.deliver(row.id);
    }
    expect(mail.messages).toHaveLength(rows.length);
    expect(new Set(mail.messages.map((m) => m.messageId)).size).toBe(rows.length);

    for (const message of mail.messages) {
      const whole = `${message.subject}\n${message.text}\n${message.html || ''}`;
      for (const secret of SECRETS) expect(whole).not.toContain(secret);
    }
    const withPost = rows.find((r) => r.post_id)!;
    const message = mail.messages.find((m) => m.messageId?.includes(withPost.id))!;
    expect(message.text).toContain(`${PUBLIC_URL}/posts/${withPost.post_id}`);
  });

  it('re-sends with the same Message-ID only when a worker vanished mid-send', async () => {
    const [row] = await t.query<{ id: string }>(
      `UPDATE email_deliveries SET status = 'sending', claimed_at = now() - interval '1 hour'
       WHERE id = (SELECT id FROM email_deliveries LIMIT 1) RETURNING id`,
    );
    const before = mail.messages.filter((m) => m.messageId?.includes(row!.id)).length;
    await t.app.get(EmailSender).deliver(row!.id);
    // The sweep may have re-woken it first; either way it goes out once more.
    const copies = await waitFor(
      async () => mail.messages.filter((m) => m.messageId?.includes(row!.id)),
      (found) => found.length === before + 1,
    );
    expect(new Set(copies.map((m) => m.messageId)).size).toBe(1);
  });

  it('honours each person’s preferences per kind', async () => {
    const prefs = await team.author.get('/api/notifications/preferences').expect(200);
    expect(prefs.body.emailEnabled).toBe(true);
    expect(prefs.body.items).toContainEqual({ kind: 'rejected', inApp: true, email: true });
    await team.author
      .put('/api/notifications/preferences', {
        items: [{ kind: 'rejected', inApp: false, email: false }],
      })
      .expect(200);
    const bad = await team.author
      .put('/api/notifications/preferences', { items: [{ kind: 'gossip', inApp: 1 }] })
      .expect(400);
    expect(JSON.stringify(bad.body.errors)).toContain('kind');

    const postId = await draft((await insertQuote(t)).quoteId);
    await team.author.post(`/api/posts/${postId}/submit`).expect(200);
    await team.editor
      .post(`/api/posts/${postId}/reviews`, {
        revision: 1,
        stage: 'editorial',
        decision: 'reject',
        comment: 'No.',
      })
      .expect(200);
    await sweep();
    expect(await kindsFor(team.author, postId)).toEqual([]);
    const emails = await t.query(
      `SELECT 1 FROM email_deliveries WHERE post_id = $1 AND user_id = $2`,
      [postId, team.author.userId],
    );
    expect(emails).toHaveLength(0);
  });

  it('signs webhooks, retries after a 500, logs each attempt and redelivers on request', async () => {
    const { quoteId } = await riskyQuote();
    const postId = await draft(quoteId);
    await team.author.post(`/api/posts/${postId}/submit`).expect(200);
    hooks.answers.push(500);
    const start = hooks.received.length;
    await team.editor
      .post(`/api/posts/${postId}/reviews`, {
        revision: 1,
        stage: 'editorial',
        decision: 'request_changes',
        comment: 'Remove his hometown, Manbij.',
      })
      .expect(200);
    await sweep();
    const deliveries = async () =>
      (await team.admin.get(`/api/webhooks/${hookId}/deliveries`).expect(200)).body.items as {
        id: string;
        status: string;
        body: string;
        log: { attempt: number; statusCode: number | null; latencyMs: number }[];
      }[];
    const mineNow = (items: Awaited<ReturnType<typeof deliveries>>) =>
      items.find((d) => JSON.parse(d.body).post?.id === postId);
    const delivered = await waitFor(deliveries, (items) => mineNow(items)?.status === 'sent');
    const delivery = mineNow(delivered)!;
    expect(delivery.log.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 200],
    ]);

    const requests = hooks.received.slice(start);
    expect(requests).toHaveLength(2);
    for (const request of requests) {
      expect(
        verifySignature(
          hookSecret,
          {
            signature: String(request.headers['x-countervoice-signature']),
            timestamp: String(request.headers['x-countervoice-timestamp']),
          },
          request.body,
        ),
      ).toBe(true);
      expect(
        verifySignature(
          'whsec_wrong',
          {
            signature: String(request.headers['x-countervoice-signature']),
            timestamp: String(request.headers['x-countervoice-timestamp']),
          },
          request.body,
        ),
      ).toBe(false);
      for (const secret of SECRETS) expect(request.body).not.toContain(secret);
    }
    const payload = JSON.parse(requests[0]!.body);
    expect(payload).toMatchObject({
      event: 'changes_requested',
      post: { id: postId, status: 'draft', url: `${PUBLIC_URL}/posts/${postId}` },
    });

    await team.admin.post(`/api/webhooks/deliveries/${delivery.id}/redeliver`).expect(202);
    const again = await waitFor(
      deliveries,
      (items) => mineNow(items)?.log.length === 3 && mineNow(items)?.status === 'sent',
    );
    expect(mineNow(again)!.log.at(-1)!.statusCode).toBe(200);
    // A retried job finds the delivery done.
    await t.app.get(WebhookSender).deliver(delivery.id);
    expect(hooks.received.length).toBe(start + 3);
  });

  it('lets only admins manage webhooks, shows the secret once and refuses unsafe URLs', async () => {
    await team.editor.get('/api/webhooks').expect(403);
    const list = await team.admin.get('/api/webhooks').expect(200);
    expect(JSON.stringify(list.body)).not.toContain(hookSecret);
    expect(list.body[0]).not.toHaveProperty('secret');
    const refused = await team.admin
      .post('/api/webhooks', { url: 'http://chat.example.org/hook', kinds: ['published'] })
      .expect(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'url', rule: 'httpsOnly' }),
    ]);
    await team.admin
      .post('/api/webhooks', { url: 'https://u:p@chat.example.org/hook', kinds: ['published'] })
      .expect(400);
    await team.admin
      .post('/api/webhooks', { url: 'https://chat.example.org/hook', kinds: ['gossip'] })
      .expect(400);
    const audit = await t.query<{ after: unknown }>(
      `SELECT after FROM audit_events WHERE action = 'webhook.created'`,
    );
    expect(JSON.stringify(audit)).not.toContain(hookSecret);
  });

  it('counts, lists and marks the user’s own notifications read', async () => {
    const before = (await team.author.get('/api/notifications/unread-count').expect(200)).body
      .unread as number;
    expect(before).toBeGreaterThan(2);
    const first = await team.author.get('/api/notifications?limit=2').expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await team.author
      .get(`/api/notifications?limit=2&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(second.body.items[0].id).not.toBe(first.body.items[1].id);
    await team.author.get('/api/notifications?cursor=nonsense').expect(400);

    const one = first.body.items[0] as NotificationView;
    await team.editor.post(`/api/notifications/${one.id}/read`).expect(404);
    const read = await team.author.post(`/api/notifications/${one.id}/read`).expect(200);
    expect(read.body.readAt).not.toBeNull();
    expect((await team.author.get('/api/notifications/unread-count')).body.unread).toBe(before - 1);
    await team.author.post('/api/notifications/read-all').expect(200);
    expect((await team.author.get('/api/notifications/unread-count')).body.unread).toBe(0);
    for (const n of await mine(team.author))
      for (const secret of SECRETS) expect(n.title).not.toContain(secret);
  });
  it('fans a burst out in batches, once, while sweeps run side by side', async () => {
    const postId = await scheduledPost(
      t,
      team,
      place,
      ['A burst of outcomes.'],
      new Date(Date.now() + 86_400_000),
    );
    await sweep();
    // More events than one batch, committed at once, as a publishing burst leaves them.
    const events = await t.query<{ id: string }>(
      `INSERT INTO audit_events (actor_label, action, entity_type, entity_id, after)
       SELECT 'system', 'post.held', 'post', $1, '{"status":"held"}' FROM generate_series(1, 450)
       RETURNING id`,
      [postId],
    );
    await Promise.all([sweep(), sweep(), sweep()]);
    const perUser = await t.query<{ user_id: string; n: string }>(
      `SELECT user_id, count(*) AS n FROM notifications WHERE audit_event_id = ANY($1::bigint[])
       GROUP BY user_id`,
      [events.map((e) => e.id)],
    );
    // Held: the post's author (also its last reviser) and the editor who scheduled it; no one else.
    expect(Object.fromEntries(perUser.map((r) => [r.user_id, Number(r.n)]))).toEqual({
      [team.author.userId]: 450,
      [team.editor.userId]: 450,
    });
    const [claimed] = await t.query<{ n: string }>(
      `SELECT count(*) AS n FROM notification_sources WHERE audit_event_id = ANY($1::bigint[])`,
      [events.map((e) => e.id)],
    );
    expect(Number(claimed!.n)).toBe(450);
  });

  /** `count` audit events that tell admins a channel needs reconnecting, written by `client`. */
  const reconnectEvents = async (client: pg.PoolClient, channelId: string, count = 1) =>
    (
      await client.query<{ id: string }>(
        `INSERT INTO audit_events (actor_label, action, entity_type, entity_id, after)
         SELECT 'system', 'channel.needs_reconnect', 'channel', $1, '{}'
         FROM generate_series(1, $2) RETURNING id`,
        [channelId, count],
      )
    ).rows.map((r) => r.id);

  /** How many notifications the admin has of each of `eventIds` (ids with none left out). */
  const adminNotified = async (eventIds: string[]) =>
    Object.fromEntries(
      (
        await t.query<{ id: string; n: string }>(
          `SELECT audit_event_id::text AS id, count(*) AS n FROM notifications
           WHERE user_id = $1 AND audit_event_id = ANY($2::bigint[]) GROUP BY audit_event_id`,
          [team.admin.userId, eventIds],
        )
      ).map((r) => [r.id, Number(r.n)]),
    );

  it('handles an event whose transaction stayed open far longer than any sweep interval', async () => {
    const channelId = await createChannel(team);
    const client = await t.app.get<pg.Pool>(PG_POOL).connect();
    let id: string | undefined;
    try {
      await client.query('BEGIN');
      [id] = await reconnectEvents(client, channelId);
      // Sweeps run meanwhile, an hour on, over later events that commit first.
      await t.app.get(ChannelsService).markNeedsReconnect(channelId, 'token revoked');
      await t.app.get(NotificationFanOut).sweep(new Date(Date.now() + 3_600_000));
      await t.app.get(NotificationFanOut).sweep(new Date(Date.now() + 3_600_000));
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    await sweep();
    expect(await adminNotified([id!])).toEqual({ [id!]: 1 });
  });

  it('notifies each committed event once and no rolled-back one, however transactions interleave with sweeps', async () => {
    const channelId = await createChannel(team);
    const pool = t.app.get<pg.Pool>(PG_POOL);
    // In the app alone: the property records hundreds of events.
    await team.admin
      .put('/api/notifications/preferences', {
        items: [{ kind: 'channel_needs_reconnect', inApp: true, email: false }],
      })
      .expect(200);
    const WRITERS = 3;
    const step = fc.record({
      writer: fc.integer({ min: 0, max: WRITERS - 1 }),
      act: fc.constantFrom('record', 'record', 'end', 'sweep'),
      // Now and then more than a sweep reads at once, so sweeps page through them.
      count: fc.constantFrom(1, 1, 1, 250),
      commit: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 16 }), async (steps) => {
        const clients = await Promise.all(Array.from({ length: WRITERS }, () => pool.connect()));
        // The events each writer recorded in its open transaction; null when none is open.
        const open: (string[] | null)[] = clients.map(() => null);
        const committed: string[] = [];
        const rolledBack: string[] = [];
        const end = async (writer: number, commit: boolean) => {
          await clients[writer]!.query(commit ? 'COMMIT' : 'ROLLBACK');
          (commit ? committed : rolledBack).push(...open[writer]!);
          open[writer] = null;
        };
        try {
          for (const { writer, act, count, commit } of steps) {
            if (act === 'sweep') await sweep();
            else if (act === 'end') {
              if (open[writer]) await end(writer, commit);
            } else {
              if (!open[writer]) {
                await clients[writer]!.query('BEGIN');
                open[writer] = [];
              }
              open[writer]!.push(...(await reconnectEvents(clients[writer]!, channelId, count)));
            }
          }
          for (let writer = 0; writer < WRITERS; writer++)
            if (open[writer]) await end(writer, true);
        } finally {
          for (const client of clients) client.release();
        }
        await sweep();
        expect(await adminNotified([...committed, ...rolledBack])).toEqual(
          Object.fromEntries(committed.map((id) => [id, 1])),
        );
      }),
      { numRuns: 25 },
    );
  });
});
