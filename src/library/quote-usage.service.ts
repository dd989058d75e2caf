import { Injectable } from '@nestjs/common';
import type { Executor } from '../db/database.js';
import type { Verification } from '../db/schema/index.js';
import { DefectorsRepository } from './defectors.repository.js';
import { findIdentifyingDetails, type IdentifyingMatch } from './identity-check.js';
import { type QuoteUsabilityFacts, QuotesRepository } from './quotes.repository.js';
import { type Usability, usabilityOf } from './usability.js';

/**
 * A quote linked to a post, as the post workflow and the publisher need it: whether it may be
 * used under the campaign's minimum verification, and what it tells review (identity risk,
 * sensitivity and legal flags).
 */
export interface LinkedQuote extends QuoteUsabilityFacts {
  usability: Usability;
}

/** An identity-check hit in one segment of a post. */
export interface SegmentIdentityMatch extends IdentifyingMatch {
  segment: number;
}

/**
 * How the rest of the application uses the library: posts and publishing ask here instead of
 * reading the library's tables, so usability, minimum verification and the identity check each
 * have one implementation (src/library/usability.ts and src/library/identity-check.ts).
 */
@Injectable()
export class QuoteUsageService {
  constructor(
    private readonly quotes: QuotesRepository,
    private readonly defectors: DefectorsRepository,
  ) {}

  /**
   * The quotes behind a post (or a batch of posts), read in one query, keyed by id; a missing id
   * has no entry. `minimumVerification` is the campaign's: a quote below it is not usable.
   */
  async linkedQuotes(
    quoteIds: readonly string[],
    minimumVerification?: Verification,
    tx?: Executor,
  ): Promise<Map<string, LinkedQuote>> {
    const facts = await this.quotes.usabilityFacts([...new Set(quoteIds)], tx);
    return new Map(
      facts.map((quote) => [
        quote.id,
        { ...quote, usability: usabilityOf(quote, quote, minimumVerification) },
      ]),
    );
  }

  /**
   * Where the segments name a private identifying detail of the quoted defectors. The details
   * themselves never leave the library; callers decide who may learn which one matched.
   */
  async identityMatches(
    segments: readonly string[],
    defectorIds: readonly string[],
    tx?: Executor,
  ): Promise<SegmentIdentityMatch[]> {
    const details = await this.defectors.identifyingDetails([...new Set(defectorIds)], tx);
    if (details.length === 0) return [];
    return segments.flatMap((text, segment) =>
      findIdentifyingDetails(text, details).map((match) => ({ ...match, segment })),
    );
  }
}
