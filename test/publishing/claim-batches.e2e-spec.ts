import { randomBytes } from 'node:crypto';
import { PublisherService } from '../../src/publishing/publisher.service.js';
import { startFakeX, type FakeX } from '../fake-x/fake-x-server.js';
import type { FakeAccount } from '../fake-x/store.js';
import { newAccount, xChannel, xEnv } from '../platforms/x-test-support.js';
import {
  createCampaign,
  publishingTeam,
  scheduledPost,
  type PublishingTeam,
} from '../support/publishing-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface PostState extends Record<string, unknown> {
  status: string;
  external_ids: string[];
  claim_id: string | null;
}
interface AttemptRow extends Record<string, unknown> {
  claim_id: string;
  outcome: string | null;
}

/**
 * Claims and outcomes are written for many posts at once; each post of a batch must still end
 * exactly as its own circumstances say, with its own attempt record.
 */
describe('publishing posts claimed together in one batch', () => {
  let fake: FakeX;
  let t: TestApp;
  let team: PublishingTeam;
  let campaignId: string;

  beforeAll(async () => {
    fake = await startFakeX();
    // No sweep meanwhile: the test itself wakes the posts, all in the same instant.
    t = await startTestApp(xEnv(fake, { RECONCILE_INTERVAL_SECONDS: '3600' }));
    team = await publishingTeam(t);
    campaignId = await createCampaign(team);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const state = async (id: string) =>
    (
      await t.query<PostState>('SELECT status, external_ids, claim_id FROM posts WHERE id = $1', [
        id,
      ])
    )[0]!;
  const attempts = (id: string) =>
    t.query<AttemptRow>(
      'SELECT claim_id, outcome FROM publish_attempts WHERE post_id = $1 ORDER BY id',
      [id],
    );
  const timeline = (account: FakeAccount) => fake.timeline(account.username).map((tw) => tw.text);

  /** A post scheduled an hour ahead (its wake-up waits), then made due now by the clock's hand. */
  const duePost = async (text: string) => {
    const account = newAccount(fake);
    const { channel } = await xChannel(t, fake, account, 'oauth1');
    const id = await scheduledPost(
      t,
      team,
      { campaignId, channelId: channel.id },
      [text],
      new Date(Date.now() + 3_600_000),
    );
    await t.query(`UPDATE posts SET scheduled_at = now() - interval '1 second' WHERE id = $1`, [
      id,
    ]);
    return { id, account };
  };

  it('ends each post of a batch as its own circumstances say, recording each attempt', async () => {
    const tag = randomBytes(3).toString('hex');
    const fine = await duePost(`Goes out ${tag}.`);
    const alsoFine = await duePost(`Goes out too ${tag}.`);
    // The account withdrew the app's access after scheduling: X refuses the create (401).
    const revoked = await duePost(`Refused ${tag}.`);
    fake.revokeAccess(revoked.account.username);
    // The quote was retracted after the post was scheduled and before the claim-time check read
    // it (the retraction's own withdrawal of the post has not landed yet).
    const retracted = await duePost(`Retracted quote ${tag}.`);
    await t.query(
      `UPDATE quotes SET verification = 'retracted'
       WHERE id IN (SELECT quote_id FROM post_quotes WHERE post_id = $1)`,
      [retracted.id],
    );
    // Edited after approval, bypassing the workflow: the approved hash no longer matches.
    const changed = await duePost(`Changed ${tag}.`);
    await t.query(`UPDATE posts SET approved_hash = 'not-the-approved-content' WHERE id = $1`, [
      changed.id,
    ]);

    const publisher = t.app.get(PublisherService);
    // The first call goes out alone; the rest arrive while it is in flight and form one batch,
    // which also carries a second wake-up for the same post.
    const first = publisher.publish(fine.id);
    const batch = Promise.all(
      [alsoFine, revoked, retracted, changed, alsoFine].map((p) => publisher.publish(p.id)),
    );
    expect(await first).toBe('published');
    expect(await batch).toEqual(['published', 'held', 'held', 'failed', 'skipped']);

    expect(await state(fine.id)).toMatchObject({ status: 'published' });
    expect(await state(alsoFine.id)).toMatchObject({ status: 'published' });
    expect(await state(revoked.id)).toMatchObject({ status: 'held', external_ids: [] });
    expect(await state(retracted.id)).toMatchObject({ status: 'held', external_ids: [] });
    expect(await state(changed.id)).toMatchObject({ status: 'failed', external_ids: [] });
    expect(timeline(fine.account)).toEqual([`Goes out ${tag}.`]);
    expect(timeline(alsoFine.account)).toEqual([`Goes out too ${tag}.`]);
    expect(timeline(revoked.account)).toEqual([]);
    expect(timeline(retracted.account)).toEqual([]);
    expect(timeline(changed.account)).toEqual([]);
    // Nothing was sent for the posts the claim-time check stopped.
    const sentTexts = fake
      .requestsTo('POST /2/tweets')
      .map((r) => (r.body as { text: string }).text);
    expect(sentTexts.filter((text) => text.includes(tag)).sort()).toEqual(
      [`Goes out ${tag}.`, `Goes out too ${tag}.`, `Refused ${tag}.`].sort(),
    );

    // One attempt per claimed post, under its own claim, each with its own outcome.
    const outcomes = await Promise.all(
      [fine, alsoFine, revoked, retracted, changed].map((p) => attempts(p.id)),
    );
    expect(outcomes.map((rows) => rows.map((r) => r.outcome))).toEqual([
      ['published'],
      ['published'],
      ['held'],
      ['held'],
      ['failed'],
    ]);
    const claimIds = outcomes.map((rows) => rows[0]!.claim_id);
    expect(new Set(claimIds).size).toBe(claimIds.length);
  });
});
