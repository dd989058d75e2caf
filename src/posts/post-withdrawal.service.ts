import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { DomainEvents, type DomainEventMap } from '../common/domain-events.js';
import type { Executor } from '../db/database.js';
import { decide, factsOf } from './post-lifecycle.js';
import { type PostRow, PostsRepository } from './posts.repository.js';

/**
 * Whether segments of the post are, or may be, live on the platform: a published post, a send
 * in progress or whose outcome is not known yet, or the saved ids of a thread stopped part-way.
 */
const mayBeLive = (post: PostRow) =>
  post.status === 'published' ||
  post.status === 'publishing' ||
  post.status === 'unknown' ||
  (post.status !== 'deleted' && post.externalIds.length > 0);

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

  /** Runs inside the library's retraction transaction, so both commit or roll back together. */
  async withdrawForRetraction(
    payload: DomainEventMap['quote.retracted'],
    tx: Executor,
  ): Promise<void> {
    for (const post of await this.posts.lockPostsUsingQuotes(tx, payload.quoteIds)) {
      const withdraw = decide(post.status, 'withdraw', { kind: 'system' }, factsOf(post));
      const flag = mayBeLive(post);
      if (withdraw.ok) {
        await this.posts.update(tx, post.id, {
          status: withdraw.next,
          statusReason: payload.reason,
          ...(flag ? { needsRetraction: true } : {}),
        });
        await this.audit.record(tx, payload.actor, {
          action: 'post.withdrawn',
          entityType: 'post',
          entityId: post.id,
          before: { status: post.status, scheduledAt: post.scheduledAt },
          after: {
            status: withdraw.next,
            reason: payload.reason,
            cause: payload.cause,
            ...(flag ? { needsRetraction: true, externalIds: post.externalIds } : {}),
          },
        });
      } else if (flag && !post.needsRetraction) {
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
