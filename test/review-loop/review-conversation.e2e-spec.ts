import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';
import {
  createCampaign,
  createChannel,
  publishingTeam,
  type PublishingTeam,
} from '../support/publishing-fixtures.js';

/** The loop between author and reviewer: what the editor decided reaches the author. */
describe('review conversation', () => {
  let t: TestApp;
  let team: PublishingTeam;
  let place: { campaignId: string; channelId: string };
  let otherAuthor: SignedInClient;

  beforeAll(async () => {
    t = await startTestApp();
    team = await publishingTeam(t);
    otherAuthor = await t.as(['author']);
    place = { campaignId: await createCampaign(team), channelId: await createChannel(team) };
  });
  afterAll(() => t.close());

  const nameOf = (c: SignedInClient) => c.email.split('@')[0]!;

  async function submitted(text: string, by = team.author): Promise<string> {
    const post = await by.post('/api/posts', { ...place, segments: [text] }).expect(201);
    await by.post(`/api/posts/${post.body.id}/submit`).expect(200);
    return post.body.id;
  }

  const decide = (id: string, revision: number, decision: string, comment?: string) =>
    team.editor
      .post(`/api/posts/${id}/reviews`, { revision, stage: 'editorial', decision, comment })
      .expect(200);

  it('shows the author the editor’s request for changes with its comment and revision', async () => {
    const id = await submitted('First try at a post about the cleaning rota.');
    await decide(id, 1, 'request_changes', 'Say which year this was.');

    const reviews = await team.author.get(`/api/posts/${id}/reviews`).expect(200);
    expect(reviews.body).toEqual([
      expect.objectContaining({
        stage: 'editorial',
        decision: 'request_changes',
        comment: 'Say which year this was.',
        revision: 1,
        reviewerId: team.editor.userId,
        reviewerName: nameOf(team.editor),
      }),
    ]);
    expect(Date.parse(reviews.body[0].createdAt)).not.toBeNaN();

    const feedback = await team.author.get('/api/posts/feedback').expect(200);
    expect(feedback.body).toContainEqual(
      expect.objectContaining({
        post: expect.objectContaining({ id, status: 'draft' }),
        review: expect.objectContaining({ comment: 'Say which year this was.', revision: 1 }),
      }),
    );
    // Only the post's author is asked to act on it.
    const others = await otherAuthor.get('/api/posts/feedback').expect(200);
    expect(others.body.map((f: { post: { id: string } }) => f.post.id)).not.toContain(id);
  });

  it('keeps the whole conversation across revisions, and clears Today once the author revises', async () => {
    const id = await submitted('A post the editor will send back twice.');
    await decide(id, 1, 'request_changes', 'Too long.');
    await team.author
      .put(`/api/posts/${id}`, { baseRevision: 1, segments: ['A shorter post.'] })
      .expect(200);
    let feedback = await team.author.get('/api/posts/feedback').expect(200);
    expect(feedback.body.map((f: { post: { id: string } }) => f.post.id)).not.toContain(id);

    await team.author.post(`/api/posts/${id}/submit`).expect(200);
    await decide(id, 2, 'reject', 'Not for this campaign.');
    feedback = await team.author.get('/api/posts/feedback').expect(200);
    expect(feedback.body).toContainEqual(
      expect.objectContaining({
        post: expect.objectContaining({ id, status: 'rejected' }),
        review: expect.objectContaining({ decision: 'reject', revision: 2 }),
      }),
    );

    const reviews = await team.author.get(`/api/posts/${id}/reviews`).expect(200);
    expect(
      reviews.body.map((r: { revision: number; decision: string; comment: string }) => [
        r.revision,
        r.decision,
        r.comment,
      ]),
    ).toEqual([
      [1, 'request_changes', 'Too long.'],
      [2, 'reject', 'Not for this campaign.'],
    ]);
  });

  it('answers 404 for the reviews of a post that does not exist', async () => {
    await team.author.get('/api/posts/00000000-0000-4000-8000-000000000000/reviews').expect(404);
  });
});
