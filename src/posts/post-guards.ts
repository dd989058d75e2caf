import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import { CampaignsRepository, type CampaignRow } from '../campaigns/campaigns.repository.js';
import { ChannelsRepository, type ChannelRow } from '../channels/channels.repository.js';
import { conflict, type FieldError, invalid, notFound } from '../common/domain-errors.js';
import type { Executor } from '../db/database.js';
import { type LinkedQuote, QuoteUsageService } from '../library/quote-usage.service.js';
import {
  decide,
  type PostAction,
  type PostActor,
  type PostFacts,
  transitionOrThrow,
} from './post-lifecycle.js';
import { type PostRow, PostsRepository, type RevisionRow } from './posts.repository.js';
import { validateSegments } from './weighted-length.js';

/** What a revision holds: the text of each segment and the quotes it is built on. */
export interface PostContent {
  segments: string[];
  quoteIds: string[];
}

export const userActor = (p: Principal): PostActor => ({ kind: 'user', roles: p.roles });

/** The linked quotes of one revision, keyed by id, read once per transaction. */
export type LinkedQuotes = ReadonlyMap<string, LinkedQuote>;

/** Each linked quote that is missing or not usable, named by its place in `quoteIds`. */
function unusableQuoteErrors(quoteIds: readonly string[], quotes: LinkedQuotes): FieldError[] {
  return quoteIds.flatMap((quoteId, i): FieldError[] => {
    const quote = quotes.get(quoteId);
    if (!quote)
      return [
        { field: `quoteIds[${i}]`, rule: 'exists', message: `quote ${quoteId} does not exist` },
      ];
    if (quote.usability.usable) return [];
    return [
      {
        field: `quoteIds[${i}]`,
        rule: 'usable',
        message: `quote ${quoteId} is not usable: ${quote.usability.reasons.join(', ')}`,
      },
    ];
  });
}

/**
 * What every job of the post workflow does before it changes a post: lock the row, ask the
 * transition table, load the campaign, channel, current revision and linked quotes, and refuse
 * quotes that cannot be used. The jobs (drafting, review, clearances, scheduling) share these so
 * each rule is written once.
 */
@Injectable()
export class PostGuards {
  constructor(
    private readonly posts: PostsRepository,
    private readonly campaigns: CampaignsRepository,
    private readonly channels: ChannelsRepository,
    private readonly quoteUsage: QuoteUsageService,
  ) {}

  /** Every transition locks the post first, so concurrent actions apply one at a time. */
  async lock(tx: Executor, id: string): Promise<PostRow> {
    const post = await this.posts.findForUpdate(tx, id);
    if (!post) throw notFound('Post', id);
    return post;
  }

  /** `facts` about the post (live segments) that some transitions depend on. */
  transition(
    principal: Principal,
    status: PostRow['status'],
    action: PostAction,
    facts?: PostFacts,
  ) {
    return transitionOrThrow(status, action, userActor(principal), facts);
  }

  /** A step the system takes on a person's behalf; the table refusing it is a programming error. */
  systemTransition(status: PostRow['status'], action: PostAction) {
    const decision = decide(status, action, { kind: 'system' });
    if (!decision.ok)
      throw new Error(`Transition table refuses ${action} from ${status}: ${decision.reason}`);
    return decision.next;
  }

  async context(tx: Executor, post: PostRow): Promise<[CampaignRow, ChannelRow]> {
    const [campaign, channel] = await Promise.all([
      this.campaigns.findById(post.campaignId, tx),
      this.channels.findById(post.channelId, tx),
    ]);
    return [campaign!, channel!];
  }

  async currentRevision(tx: Executor, post: PostRow): Promise<RevisionRow> {
    return (await this.posts.revision(post.id, post.currentRevision, tx))!;
  }

  /** The quotes a revision links, with their usability under the campaign's minimum. */
  linkedQuotes(
    tx: Executor,
    quoteIds: readonly string[],
    campaign: Pick<CampaignRow, 'minimumVerification'>,
  ): Promise<LinkedQuotes> {
    return this.quoteUsage.linkedQuotes(quoteIds, campaign.minimumVerification, tx);
  }

  /**
   * What any written content must meet: every segment within the platform's text rules, every
   * linked quote usable. Returns the quotes, so the caller does not read them again.
   */
  async checkContent(
    tx: Executor,
    content: PostContent,
    campaign: CampaignRow,
    channel: ChannelRow,
  ): Promise<LinkedQuotes> {
    const problems: FieldError[] = validateSegments(content.segments, channel.platform).map(
      ({ field, rule, message }) => ({ field, rule, message }),
    );
    if (problems.length > 0) throw invalid(problems, problems.map((p) => p.message).join('; '));
    const quotes = await this.linkedQuotes(tx, content.quoteIds, campaign);
    this.assertQuotesUsable(content.quoteIds, quotes, 'invalid');
    return quotes;
  }

  /**
   * Refuses a post whose linked quotes cannot all be used: as bad input while it is being written
   * (`invalid`), as a conflict once content that was fine has gone bad under it (`conflict`).
   */
  assertQuotesUsable(
    quoteIds: readonly string[],
    quotes: LinkedQuotes,
    refusal: 'invalid' | 'conflict',
  ): void {
    const errors = unusableQuoteErrors(quoteIds, quotes);
    if (errors.length === 0) return;
    if (refusal === 'invalid') throw invalid(errors, 'Some linked quotes cannot be used.');
    throw conflict('A linked quote is no longer usable; the post cannot go ahead.', {
      title: 'Quote not usable',
      errors,
    });
  }
}
