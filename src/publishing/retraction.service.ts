import { Inject, Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { ChannelsRepository } from '../channels/channels.repository.js';
import { notFound, refused } from '../common/domain-errors.js';
import { DATABASE, type Database } from '../db/database.js';
import { PlatformFailure } from '../platforms/platform-adapter.js';
import { PlatformRegistry } from '../platforms/platform-registry.js';
import { decide, factsOf, refusalOf } from '../posts/post-lifecycle.js';
import { type PostRow, PostsRepository } from '../posts/posts.repository.js';

/** Takes a published post down from the platform, on an editor's request, and records it. */
@Injectable()
export class PublishedPostRetraction {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly posts: PostsRepository,
    private readonly channels: ChannelsRepository,
    private readonly platforms: PlatformRegistry,
    private readonly audit: AuditRepository,
  ) {}

  async retract(principal: Principal, postId: string, reason: string): Promise<PostRow> {
    return this.db.transaction(async (tx) => {
      const post = await this.posts.findForUpdate(tx, postId);
      if (!post) throw notFound('Post', postId);
      const decision = decide(
        post.status,
        'retract',
        { kind: 'user', roles: principal.roles },
        factsOf(post),
      );
      if (!decision.ok) throw refusalOf(decision);
      const channel = (await this.channels.findById(post.channelId, tx))!;
      const adapter = this.platforms.for(channel.platform);
      // Replies first, so no segment is left answering a deleted one.
      for (const externalId of [...post.externalIds].reverse()) {
        try {
          await adapter.deletePost(this.platforms.target(channel), externalId);
        } catch (error) {
          if (!(error instanceof PlatformFailure)) throw error;
          throw refused(
            'upstream_failed',
            `The platform did not delete post ${externalId}: ${error.message}. Nothing was recorded; try again.`,
            {
              title: 'Platform refused the deletion',
            },
          );
        }
      }
      const after = await this.posts.update(tx, post.id, {
        status: decision.next,
        needsRetraction: false,
        statusReason: reason,
      });
      await this.audit.record(tx, actorOf(principal), {
        action: 'post.retracted',
        entityType: 'post',
        entityId: post.id,
        before: { status: post.status, externalIds: post.externalIds },
        after: { status: after.status, reason },
      });
      return after;
    });
  }
}
