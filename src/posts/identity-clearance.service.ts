import { Inject, Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { conflict, forbidden, refused } from '../common/domain-errors.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { QuoteUsageService } from '../library/quote-usage.service.js';
import type { IdentityFinding } from './identity-findings.js';
import { type LinkedQuotes, PostGuards } from './post-guards.js';
import { canClearIdentity } from './post-lifecycle.js';
import { type PostRow, PostsRepository, type RevisionRow } from './posts.repository.js';

export interface IdentityClearanceInput {
  revision: number;
  detailId: string;
  note: string;
}

/**
 * Identity clearances: where the current revision names a private identifying detail of a quoted
 * defector, and a safety reviewer's decision that a match may stand. A finding blocks approval
 * until it is cleared; clearing follows the four-eyes rule like an approval.
 */
@Injectable()
export class IdentityClearanceService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly posts: PostsRepository,
    private readonly guards: PostGuards,
    private readonly quoteUsage: QuoteUsageService,
    private readonly audit: AuditRepository,
  ) {}

  /** Every identity-check hit in `revision`, with whether a safety reviewer has cleared it. */
  async findings(
    tx: Executor,
    post: PostRow,
    revision: RevisionRow,
    quotes: LinkedQuotes,
  ): Promise<IdentityFinding[]> {
    const defectorIds = [...quotes.values()].map((q) => q.defectorId);
    const [matches, clearances] = await Promise.all([
      this.quoteUsage.identityMatches(revision.segments, defectorIds, tx),
      this.posts.clearances(post.id, revision.revision, tx),
    ]);
    const cleared = new Set(clearances.map((c) => c.detailId));
    return matches.map((m) => ({ ...m, cleared: cleared.has(m.detailId) }));
  }

  /** A safety reviewer other than the author or last reviser decides that one match may stand. */
  async clear(principal: Principal, id: string, input: IdentityClearanceInput): Promise<void> {
    await this.db.transaction(async (tx) => {
      const post = await this.guards.lock(tx, id);
      const check = canClearIdentity({
        principalUserId: principal.userId,
        principalRoles: principal.roles,
        authorId: post.authorId,
        lastReviserId: post.lastRevisedBy,
      });
      if (!check.ok) throw forbidden(`${check.reason}.`, { title: 'Four-eyes rule' });
      if (input.revision !== post.currentRevision)
        throw conflict(
          `Revision ${input.revision} is no longer current (now ${post.currentRevision}).`,
          { title: 'Stale revision' },
        );
      const [campaign] = await this.guards.context(tx, post);
      const revision = await this.guards.currentRevision(tx, post);
      const quotes = await this.guards.linkedQuotes(tx, revision.quoteIds, campaign);
      const findings = await this.findings(tx, post, revision, quotes);
      if (!findings.some((f) => f.detailId === input.detailId)) {
        throw refused(
          'not_found',
          `Identifying detail ${input.detailId} does not occur in revision ${revision.revision}.`,
        );
      }
      await this.posts.insertClearance(tx, {
        postId: post.id,
        revision: revision.revision,
        detailId: input.detailId,
        clearedBy: principal.userId,
        note: input.note,
      });
      await this.audit.record(tx, actorOf(principal), {
        action: 'post.identity_match_cleared',
        entityType: 'post',
        entityId: post.id,
        after: { revision: revision.revision, detailId: input.detailId, note: input.note },
      });
    });
  }
}
