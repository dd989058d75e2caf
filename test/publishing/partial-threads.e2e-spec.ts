import { ReconcilerService } from '../../src/publishing/reconciler.service.js';
import { startFakeX, type FakeX } from '../fake-x/fake-x-server.js';
import type { FakeAccount } from '../fake-x/store.js';
import { newAccount, xChannel, xEnv } from '../platforms/x-test-support.js';
import {
  createCampaign,
  publishingTeam,
  scheduledPost,
  waitFor,
  type PublishingTeam,
} from '../support/publishing-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A thread stopped part-way has live segments. Whatever state it ends in, they stay recorded and
 * shown, the post is listed for retraction when a quote behind it goes, and an editor can delete
 * them; nothing puts it where they could not be deleted.
 */
describe('partly sent threads (fake X)', () => {
  let fake: FakeX;
  let t: TestApp;
  let team: PublishingTeam;
  let campaignId: string;

  beforeAll(async () => {
    fake = await startFakeX();
    t = await startTestApp(
      xEnv(fake, { X_TIMEOUT_MS: '10000', RECONCILE_INTERVAL_SECONDS: '3600' }),
    );
    team = await publishingTeam(t);
    campaignId = await createCampaign(team);
  });
  afterEach(() => {
    fake.clearFaults();
    fake.latencyMs = 0;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const SEGMENTS = ['1/3 first', '2/3 second', '3/3 third'];
  const post = (id: string) => team.editor.get(`/api/posts/${id}`).then((r) => r.body);
  const live = (account: FakeAccount) => fake.timeline(account.username).map((tw) => tw.id);
  /** Create requests carrying this account's texts, as soon as they arrive (before any answer). */
  const creates = (account: FakeAccount) =>
    fake
      .requestsTo('POST /2/tweets')
      .filter((r) =>
        ((r.body as { text?: string } | undefined)?.text ?? '').includes(account.username),
      );
  const reconcile = () => t.app.get(ReconcilerService).reconcileOnce();

  const thread = async () => {
    const account = newAccount(fake);
    const { channel } = await xChannel(t, fake, account, 'oauth1');
    const id = await scheduledPost(
      t,
      team,
      { campaignId, channelId: channel.id },
      SEGMENTS.map((s) => `${s} ${account.username}`),
      new Date(Date.now() + 1000),
    );
    const quoteId = (await post(id)).revision.quoteIds[0] as string;
    return { account, channelId: channel.id, id, quoteId };
  };

  /** Slows the fake so that `act` runs while the first segment's create is in flight. */
  const duringFirstSegment = async (account: FakeAccount, act: () => Promise<unknown>) => {
    fake.latencyMs = 4000;
    await waitFor(
      async () => creates(account).length,
      (n) => n >= 1,
    );
    await act();
    fake.latencyMs = 0;
  };

  const retractQuote = (quoteId: string) =>
    team.editor
      .post(`/api/library/quotes/${quoteId}/retract`, {
        reason: 'The outlet withdrew the interview.',
      })
      .expect(200);

  const listedForRetraction = async (id: string) => {
    const res = await team.editor.get('/api/posts?needsRetraction=true&limit=100').expect(200);
    return (res.body.items as { id: string }[]).some((p) => p.id === id);
  };

  /** The editor deletes the live segments: the post ends deleted and nothing of it is live. */
  const retractAndCheck = async (id: string, account: FakeAccount) => {
    const res = await team.editor
      .post(`/api/posts/${id}/retract`, { reason: 'Taking the partial thread down.' })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'deleted', needsRetraction: false });
    expect(live(account)).toEqual([]);
  };

  it('held: a pause between segments stops the thread; its live segment is kept, shown and deletable', async () => {
    const { account, channelId, id } = await thread();
    await duringFirstSegment(account, () =>
      team.editor
        .post('/api/pauses', {
          kind: 'pause',
          scope: 'channel',
          channelId,
          startsAt: new Date().toISOString(),
          reason: 'Attack in progress',
        })
        .expect(201),
    );
    const held = await waitFor(
      () => post(id),
      (p) => p.status === 'held',
    );
    expect(held).toMatchObject({ failureCause: 'thread_stopped', externalIds: live(account) });
    expect(held.externalIds).toHaveLength(1);
    expect(held.statusReason).toMatch(/before segment 2.*Attack in progress/);
    expect(creates(account)).toHaveLength(1);
    expect(held.availableActions).toContain('retract');
    expect(held.availableActions).not.toContain('cancel');
    await team.editor.post(`/api/posts/${id}/cancel`, { reason: 'never mind' }).expect(409);
    await retractAndCheck(id, account);
  });

  it('withdrawn: a quote retracted between segments stops the thread and lists it for retraction', async () => {
    const { account, id, quoteId } = await thread();
    await duringFirstSegment(account, () => retractQuote(quoteId));
    const stopped = await waitFor(
      () => post(id),
      (p) => p.status !== 'publishing' && p.status !== 'scheduled',
    );
    // The post was publishing when the quote went, so it is flagged; the re-check then held it.
    expect(stopped).toMatchObject({
      status: 'held',
      failureCause: 'thread_stopped',
      needsRetraction: true,
    });
    expect(stopped.externalIds).toEqual(live(account));
    expect(creates(account)).toHaveLength(1);
    expect(await listedForRetraction(id)).toBe(true);
    await retractAndCheck(id, account);
  });

  it('withdrawn: a held partial thread whose quote is then retracted is withdrawn, flagged and deletable', async () => {
    const { account, channelId, id, quoteId } = await thread();
    await duringFirstSegment(account, () =>
      team.editor
        .post('/api/pauses', {
          kind: 'pause',
          scope: 'channel',
          channelId,
          startsAt: new Date().toISOString(),
          reason: 'Quiet day',
        })
        .expect(201),
    );
    await waitFor(
      () => post(id),
      (p) => p.status === 'held',
    );
    await retractQuote(quoteId);
    const withdrawn = await post(id);
    expect(withdrawn).toMatchObject({ status: 'withdrawn', needsRetraction: true });
    expect(withdrawn.externalIds).toEqual(live(account));
    expect(withdrawn.availableActions).toEqual(['retract']);
    expect(await listedForRetraction(id)).toBe(true);
    await retractAndCheck(id, account);
  });

  it('failed: a later segment refused as a duplicate and absent fails the post with its live segment kept', async () => {
    const { account, id } = await thread();
    fake.inject({ endpoint: 'POST /2/tweets', kind: 'duplicate', afterMatch: 1 });
    const unknown = await waitFor(
      () => post(id),
      (p) => p.status === 'unknown',
    );
    expect(unknown).toMatchObject({ failureCause: 'duplicate_refused' });
    await reconcile();
    const failed = await post(id);
    expect(failed).toMatchObject({
      status: 'failed',
      failureCause: 'duplicate_absent',
      platformMessage: expect.stringMatching(/duplicate content/),
    });
    expect(failed.externalIds).toEqual(live(account));
    expect(failed.externalIds).toHaveLength(1);
    expect(failed.availableActions).toEqual(expect.arrayContaining(['retract', 'reschedule']));
    expect(failed.availableActions).not.toContain('edit');
    await retractAndCheck(id, account);
  });

  it('unknown: not deletable until resolved, flagged when its quote goes, then held and deletable', async () => {
    const { account, id, quoteId } = await thread();
    fake.inject({ endpoint: 'POST /2/tweets', kind: '5xx', afterMatch: 1 });
    const unknown = await waitFor(
      () => post(id),
      (p) => p.status === 'unknown',
    );
    expect(unknown).toMatchObject({ failureCause: 'no_answer' });
    expect(unknown.externalIds).toEqual(live(account));
    await team.editor.post(`/api/posts/${id}/retract`, { reason: 'now' }).expect(409);
    await retractQuote(quoteId);
    expect(await post(id)).toMatchObject({ status: 'unknown', needsRetraction: true });
    // Settled: segment 2 is provably absent, so the post goes back to scheduled, and its
    // claim-time check holds it (the quote is gone) before anything more is sent.
    await reconcile();
    const held = await waitFor(
      () => post(id),
      (p) => p.status === 'held',
    );
    expect(held).toMatchObject({ needsRetraction: true, externalIds: live(account) });
    // The reason is the hold's, not the resolution's "publishing again" of the status before.
    expect(held.statusReason).toMatch(/not usable/);
    expect(creates(account)).toHaveLength(2);
    expect(await listedForRetraction(id)).toBe(true);
    await retractAndCheck(id, account);
  });

  it('clears a reason and failure cause that a status change does not set again', async () => {
    const { id } = await thread();
    await waitFor(
      () => post(id),
      (p) => p.status === 'published',
    );
    // Whatever writes the status (here plain SQL), the notes of the old status do not survive.
    await t.query(
      `UPDATE posts SET status = 'failed', status_reason = 'Refused.', failure_cause = 'platform_rejected',
         last_error = 'X said no' WHERE id = $1`,
      [id],
    );
    expect(await post(id)).toMatchObject({
      statusReason: 'Refused.',
      failureCause: 'platform_rejected',
      platformMessage: 'X said no',
    });
    await t.query(`UPDATE posts SET status = 'scheduled' WHERE id = $1`, [id]);
    expect(await post(id)).toMatchObject({
      status: 'scheduled',
      statusReason: null,
      failureCause: null,
      platformMessage: null,
    });
    await t.query(`UPDATE posts SET status = 'published' WHERE id = $1`, [id]);
  });

  it('deferred by a 429: scheduled with its live segment, withdrawn and flagged when its quote goes', async () => {
    const { account, id, quoteId } = await thread();
    fake.inject({ endpoint: 'POST /2/tweets', kind: '429', afterMatch: 1, resetInSec: 600 });
    const deferred = await waitFor(
      () => post(id),
      (p) => p.status === 'scheduled' && p.failureCause === 'rate_limited',
    );
    expect(deferred.externalIds).toEqual(live(account));
    expect(deferred.externalIds).toHaveLength(1);
    expect(deferred.availableActions).toContain('retract');
    await retractQuote(quoteId);
    expect(await post(id)).toMatchObject({ status: 'withdrawn', needsRetraction: true });
    expect(await listedForRetraction(id)).toBe(true);
    await retractAndCheck(id, account);
  });
});
