import { Inject, Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { conflict, forbidden, notFound, refused } from '../common/domain-errors.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import type { VettingDecision, VettingStage } from '../db/schema/index.js';
import { matchesFor } from './identity-check-redaction.js';
import { IdentityCheckService } from './identity-check.service.js';
import { holdsAny, SAFETY_REVIEWERS } from './library-roles.js';
import {
  editorialRefusal,
  legalRefusal,
  type VettingSubject,
  vettingStatusOf,
} from './quote-vetting-rules.js';
import { type QuoteRow, QuotesRepository } from './quotes.repository.js';

/**
 * Vetting decisions on quotes: the editorial vetting (editors; safety reviewers for high risk or
 * sensitive content) and the legal sign-off that legal flags need. Each decision is kept; the
 * quote's status rests on the latest decision of each stage since its content last changed.
 */
@Injectable()
export class QuoteVettingService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly quotes: QuotesRepository,
    private readonly identity: IdentityCheckService,
    private readonly audit: AuditRepository,
  ) {}

  decideEditorial(
    principal: Principal,
    quoteId: string,
    input: { decision: VettingDecision; comment: string; acknowledgeIdentityMatches?: boolean },
  ): Promise<QuoteRow> {
    return this.decide(principal, quoteId, 'editorial', input);
  }

  decideLegal(
    principal: Principal,
    quoteId: string,
    input: { decision: VettingDecision; comment: string },
  ): Promise<QuoteRow> {
    return this.decide(principal, quoteId, 'legal', input);
  }

  private decide(
    principal: Principal,
    quoteId: string,
    stage: VettingStage,
    input: { decision: VettingDecision; comment: string; acknowledgeIdentityMatches?: boolean },
  ): Promise<QuoteRow> {
    const actor = actorOf(principal);
    return this.db.transaction(async (tx) => {
      const quote = await this.quotes.findByIdForUpdate(tx, quoteId);
      if (!quote) throw notFound('Quote', quoteId);
      const subject = await this.subjectOf(tx, quote);
      const reviewer = { id: principal.userId, roles: principal.roles };
      const refusal =
        stage === 'editorial'
          ? editorialRefusal(subject, reviewer, input.decision)
          : legalRefusal(subject, reviewer, input.decision);
      if (refusal) throw refused(refusal.kind, refusal.detail);

      const acknowledged =
        stage === 'editorial' && input.decision === 'approve'
          ? await this.identityMatchesToAcknowledge(tx, principal, quote, input)
          : [];
      const decision = await this.quotes.recordVettingDecision(tx, {
        quoteId,
        stage,
        decision: input.decision,
        comment: input.comment,
        acknowledgedMatches: acknowledged.length > 0 ? acknowledged : null,
        actorId: actor.id,
        actorLabel: actor.label,
      });
      const decided = { ...subject, [stage]: input.decision };
      const status = vettingStatusOf(decided);
      const after = await this.quotes.update(tx, quoteId, {
        vettingStatus: status,
        ...(stage === 'editorial'
          ? { editorialDecisionId: decision.id }
          : { legalDecisionId: decision.id }),
      });
      await this.audit.record(tx, actor, {
        action: stage === 'editorial' ? 'quote.vetting_decided' : 'quote.legal_review_decided',
        entityType: 'quote',
        entityId: quoteId,
        before: { vettingStatus: quote.vettingStatus },
        after: {
          vettingStatus: status,
          stage,
          decision: input.decision,
          comment: input.comment,
          acknowledgedMatches: acknowledged.length,
        },
      });
      return after;
    });
  }

  /**
   * The text about to be vetted must not name what identifies the defector. Only a safety
   * reviewer may knowingly let it through, and the matches they accepted are recorded.
   */
  private async identityMatchesToAcknowledge(
    tx: Executor,
    principal: Principal,
    quote: QuoteRow,
    input: { acknowledgeIdentityMatches?: boolean },
  ) {
    const fields = [
      { field: 'text', value: quote.text },
      { field: 'translation', value: quote.translation },
    ] as const;
    const matches = [];
    for (const { field, value } of fields) {
      if (!value) continue;
      for (const m of await this.identity.check(value, [quote.defectorId], tx)) {
        matches.push({ field, ...m });
      }
    }
    if (matches.length === 0) return [];
    // Where they are, for everyone; which details, only for those who may know them.
    const identityMatches = matchesFor(principal.roles, matches);
    const summary = `The quote contains ${identityMatches.length} identifying detail(s) of the defector.`;
    if (!input.acknowledgeIdentityMatches) {
      throw conflict(
        `${summary} Remove them, or a safety reviewer may approve with acknowledgeIdentityMatches.`,
        { identityMatches },
      );
    }
    if (!holdsAny(principal.roles, SAFETY_REVIEWERS)) {
      throw forbidden(`${summary} Only a safety reviewer may acknowledge them.`, {
        identityMatches,
      });
    }
    return matches;
  }

  private async subjectOf(tx: Executor, quote: QuoteRow): Promise<VettingSubject> {
    const [view] = await this.quotes.views([quote.id], tx);
    return {
      ...quote,
      editorial: view?.editorialDecision?.decision ?? null,
      legal: view?.legalDecision?.decision ?? null,
    };
  }
}
