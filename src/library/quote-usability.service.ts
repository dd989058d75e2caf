import { Injectable } from '@nestjs/common';
import type { Executor } from '../db/database.js';
import { QuotesRepository } from './quotes.repository.js';
import { type RankedVerification, type UnusableReason, usabilityOf } from './usability.js';

export interface QuoteUsability {
  quoteId: string;
  usable: boolean;
  reasons: (UnusableReason | 'not_found')[];
}

/** Whether quotes may go into a post now; the post workflow asks before approval and publishing. */
@Injectable()
export class QuoteUsabilityService {
  constructor(private readonly quotes: QuotesRepository) {}

  async usability(
    quoteIds: string[],
    options: { minimumVerification?: RankedVerification; tx?: Executor } = {},
  ): Promise<QuoteUsability[]> {
    const facts = new Map(
      (await this.quotes.usabilityFacts([...new Set(quoteIds)], options.tx)).map((f) => [f.id, f]),
    );
    return quoteIds.map((quoteId) => {
      const f = facts.get(quoteId);
      if (!f) return { quoteId, usable: false, reasons: ['not_found'] };
      const { usable, reasons } = usabilityOf(f, f, options.minimumVerification);
      return { quoteId, usable, reasons };
    });
  }
}
