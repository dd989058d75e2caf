import type { CampaignRow } from '../campaigns/campaigns.repository.js';
import type { ChannelRow } from '../channels/channels.repository.js';
import type { PauseRow } from '../pauses/pauses.repository.js';
import { contentHash } from '../posts/content-hash.js';
import type { LinkedQuote } from '../library/quote-usage.service.js';
import type { PostRow, RevisionRow } from '../posts/posts.repository.js';
import {
  checkClaims,
  checkStanding,
  type ChannelHistory,
  type ClaimedPost,
  type ClaimWorld,
} from './claim-check.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const QUOTE = 'q-1';

const campaign = {
  id: 'camp',
  name: 'Exit stories',
  status: 'active',
  endsAt: null,
  minimumVerification: 'single_source',
} as unknown as CampaignRow;
const channel = (overrides: Partial<ChannelRow> = {}) =>
  ({
    id: 'chan',
    handle: 'exits',
    status: 'connected',
    timezone: 'Europe/London',
    weeklySlots: [],
    minSpacingMinutes: 0,
    dailyCap: 10,
    rateLimit: null,
    ...overrides,
  }) as unknown as ChannelRow;
const quote = (overrides: Partial<LinkedQuote> = {}) =>
  ({
    id: QUOTE,
    vettingStatus: 'vetted',
    verification: 'corroborated',
    consentStatus: 'public_record',
    ...overrides,
  }) as unknown as LinkedQuote;

/** An approved post due at NOW + `offsetMs`, as the claim returns it. */
function approved(id: string, offsetMs = 0, onChannel: ChannelRow = channel()): ClaimedPost {
  const segments = [`Post ${id}`];
  const hash = contentHash({ segments, quoteIds: [QUOTE] });
  const post = {
    id,
    campaignId: campaign.id,
    channelId: onChannel.id,
    currentRevision: 1,
    approvedHash: hash,
    scheduledAt: new Date(NOW.getTime() + offsetMs),
  } as unknown as PostRow;
  const revision = {
    postId: id,
    revision: 1,
    segments,
    quoteIds: [QUOTE],
    hash,
  } as unknown as RevisionRow;
  return { post, revision, campaign, channel: onChannel };
}

function world(
  options: { quote?: LinkedQuote; windows?: PauseRow[]; history?: ChannelHistory } = {},
): ClaimWorld {
  return {
    quotes: new Map([[QUOTE, options.quote ?? quote()]]),
    windows: options.windows ?? [],
    history: new Map([['chan', options.history ?? { lastSentAt: null, sentToday: 0 }]]),
  };
}

const outcomes = (checks: ReturnType<typeof checkClaims>) =>
  checks.map((c) => (c.go ? 'go' : c.outcome));

describe('checkClaims', () => {
  it('lets approved, unchanged posts go', () => {
    expect(outcomes(checkClaims([approved('a'), approved('b', 1)], world(), NOW))).toEqual([
      'go',
      'go',
    ]);
  });

  it('fails a post whose revision no longer matches the approved content', () => {
    const item = approved('a');
    const edited = {
      ...item,
      revision: { ...item.revision!, segments: ['Edited after approval'] },
    };
    const [check] = checkClaims([edited], world(), NOW);
    expect(check).toMatchObject({
      go: false,
      outcome: 'failed',
      reason: expect.stringMatching(/differs from the approved/),
    });
  });

  it('fails a post whose channel is gone', () => {
    const [check] = checkClaims([{ ...approved('a'), channel: null }], world(), NOW);
    expect(check).toMatchObject({ go: false, outcome: 'failed' });
  });

  it('holds a post whose quote was retracted since approval', () => {
    const [check] = checkClaims(
      [approved('a')],
      world({ quote: quote({ verification: 'retracted' }) }),
      NOW,
    );
    expect(check).toMatchObject({
      go: false,
      outcome: 'held',
      reason: expect.stringMatching(/retracted/),
    });
  });

  it('holds under a pause of its campaign and ignores another campaign’s', () => {
    const pause = (campaignId: string) =>
      ({
        scope: 'campaign',
        campaignId,
        channelId: null,
        kind: 'pause',
        action: 'hold',
        startsAt: new Date(NOW.getTime() - 1),
        endsAt: null,
        reason: 'review',
      }) as unknown as PauseRow;
    expect(
      outcomes(checkClaims([approved('a')], world({ windows: [pause('other')] }), NOW)),
    ).toEqual(['go']);
    expect(
      outcomes(checkClaims([approved('a')], world({ windows: [pause(campaign.id)] }), NOW)),
    ).toEqual(['held']);
  });

  it('lets only the first of two posts of a spaced channel go in one batch, deferring the other by the spacing', () => {
    const spaced = channel({ minSpacingMinutes: 30 });
    const checks = checkClaims(
      [approved('late', 1, spaced), approved('early', 0, spaced)],
      world(),
      NOW,
    );
    expect(outcomes(checks)).toEqual(['deferred', 'go']);
    expect(checks[0]).toMatchObject({ until: new Date(NOW.getTime() + 30 * 60_000) });
  });

  it('defers every other post of a spaced channel due in the batch to the end of the spacing', () => {
    const spaced = channel({ minSpacingMinutes: 30 });
    const checks = checkClaims(
      [approved('c', 2, spaced), approved('a', 0, spaced), approved('b', 1, spaced)],
      world(),
      NOW,
    );
    expect(outcomes(checks)).toEqual(['deferred', 'go', 'deferred']);
    // Where after that the channel can take each is the outcome's to find, against its calendar.
    for (const check of [checks[0]!, checks[2]!])
      expect(check).toMatchObject({ until: new Date(NOW.getTime() + 30 * 60_000) });
  });

  it('counts the posts going in a batch towards the daily cap', () => {
    const capped = channel({ dailyCap: 3 });
    const checks = checkClaims(
      [approved('a', 0, capped), approved('b', 1, capped), approved('c', 2, capped)],
      world({ history: { lastSentAt: null, sentToday: 1 } }),
      NOW,
    );
    expect(outcomes(checks)).toEqual(['go', 'go', 'deferred']);
    // Deferred past the end of the channel's own day (London is on GMT in November).
    const until = (checks[2] as { until: Date }).until;
    expect(until.getTime()).toBeGreaterThanOrEqual(new Date('2026-11-26T00:00:00Z').getTime());
  });
});

describe('checkStanding (before every later segment of a thread)', () => {
  it('stops a thread whose quote went, whose channel was disconnected or that a pause now holds', () => {
    const held = (item: ClaimedPost, w: ClaimWorld) => checkStanding(item, w, NOW);
    expect(
      held(approved('a'), world({ quote: quote({ consentStatus: 'withdrawn' }) })),
    ).toMatchObject({
      go: false,
      outcome: 'held',
      reason: expect.stringMatching(/consent_withdrawn/),
    });
    expect(held(approved('a', 0, channel({ status: 'needs_reconnect' })), world())).toMatchObject({
      go: false,
      outcome: 'held',
    });
    const globalPause = {
      scope: 'global',
      campaignId: null,
      channelId: null,
      kind: 'pause',
      action: 'hold',
      startsAt: new Date(NOW.getTime() - 1),
      endsAt: null,
      reason: 'attack',
    } as unknown as PauseRow;
    expect(held(approved('a'), world({ windows: [globalPause] }))).toMatchObject({
      go: false,
      outcome: 'held',
      reason: expect.stringMatching(/attack/),
    });
    const changed = approved('a');
    expect(
      held({ ...changed, post: { ...changed.post, approvedHash: 'other' } }, world()),
    ).toMatchObject({ go: false, outcome: 'failed' });
  });

  it('does not pace a thread: spacing, daily cap and rate limit apply to its claim only', () => {
    const busy = channel({
      minSpacingMinutes: 60,
      dailyCap: 1,
      rateLimit: { limit: 1, remaining: 0, reset: new Date(NOW.getTime() + 60_000).toISOString() },
    });
    const w = world({ history: { lastSentAt: NOW, sentToday: 5 } });
    expect(checkStanding(approved('a', 0, busy), w, NOW)).toMatchObject({ go: true });
    expect(outcomes(checkClaims([approved('a', 0, busy)], w, NOW))).toEqual(['deferred']);
  });
});
