import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { DomainEvents, type DomainEventMap } from '../common/domain-events.js';
import type { Executor } from '../db/database.js';
import { PostsRepository } from './posts.repository.js';
import { type WithdrawalImpact, withdrawalImpact, withdrawalStep } from './withdrawal-plan.js';

/**
 * Withdrawal on retraction: when a quote is retracted or its defector withdraws consent, every
 * post built on it that has not gone out is withdrawn, and every post that is or may be live, in
 * whole or in part, is listed with the posts that need retraction so an editor deletes it.
 */
@Injectable()
export class PostWithdrawalService implements OnModuleInit {
  constructor(
    private readonly posts: PostsRepository,
    private readonly audit: AuditRepository,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.on('quote.retracted', (payload, tx) => this.withdrawForRetraction(payload, tx));
  }

  /** What retracting these quotes would do now, counted by the rule the retraction applies. */
  async impactOf(quoteIds: readonly string[]): Promise<WithdrawalImpact> {
    return withdrawalImpact(await this.posts.postsUsingQuotes(quoteIds));
  }

  /** Runs inside the library's retraction transaction, so both commit or roll back together. */
  async withdrawForRetraction(
    payload: DomainEventMap['quote.retracted'],
    tx: Executor,
  ): Promise<void> {
    for (const post of await this.posts.lockPostsUsingQuotes(tx, payload.quoteIds)) {
      const step = withdrawalStep(post);
      if (step.kind === 'withdraw') {
        const { next, flag } = step;
        await this.posts.update(tx, post.id, {
          status: next,
          statusReason: payload.reason,
          ...(flag ? { needsRetraction: true } : {}),
        });
        await this.audit.record(tx, payload.actor, {
          action: 'post.withdrawn',
          entityType: 'post',
          entityId: post.id,
          before: { status: post.status, scheduledAt: post.scheduledAt },
          after: {
            status: next,
            reason: payload.reason,
            cause: payload.cause,
            ...(flag ? { needsRetraction: true, externalIds: post.externalIds } : {}),
          },
        });
      } else if (step.kind === 'flag') {
        // The status stays (the publisher or reconciler owns it); the reason explains the flag.
        await this.posts.update(tx, post.id, {
          needsRetraction: true,
          statusReason: payload.reason,
        });
        await this.audit.record(tx, payload.actor, {
          action: 'post.retraction_flagged',
          entityType: 'post',
          entityId: post.id,
          after: {
            status: post.status,
            reason: payload.reason,
            cause: payload.cause,
            externalIds: post.externalIds,
          },
        });
      }
    }
  }
}
