import { type DynamicModule, Module } from '@nestjs/common';
import { DomainEventsModule } from '../common/domain-events.js';
import { oncePerRole } from '../common/once-per-role.js';
import { AuditModule } from '../audit/audit.module.js';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { ChannelsModule } from '../channels/channels.module.js';
import { LibraryModule } from '../library/library.module.js';
import { PausesModule } from '../pauses/pauses.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { DuplicateKeysBackfill } from './duplicate-keys-backfill.js';
import { IdentityClearanceService } from './identity-clearance.service.js';
import { PostDraftingService } from './post-drafting.service.js';
import { PostGuards } from './post-guards.js';
import { PostReviewService } from './post-review.service.js';
import { PostSchedulingService } from './post-scheduling.service.js';
import { PostsController } from './posts.controller.js';
import { PostsRepository } from './posts.repository.js';
import { PostWithdrawalService } from './post-withdrawal.service.js';
import { SlotsController } from './slots.controller.js';
import { WithdrawalImpactController } from './withdrawal-impact.controller.js';

/**
 * The post workflow, one service per job (drafting, review, identity clearances, scheduling) over
 * shared guards, and withdrawal when a quote is retracted or consent withdrawn. The services run in every role (publishing and retraction need them); the HTTP
 * surface only where the API is served.
 */
@Module({})
export class PostsModule {
  static readonly forRole = oncePerRole((servesApi): DynamicModule => ({
    module: PostsModule,
    imports: [
      AuditModule,
      DomainEventsModule,
      QueueModule,
      CampaignsModule.forRole(servesApi),
      ChannelsModule.forRole(servesApi),
      PausesModule.forRole(servesApi),
      LibraryModule.forRole(servesApi),
    ],
    providers: [
      PostsRepository,
      PostGuards,
      PostDraftingService,
      PostReviewService,
      IdentityClearanceService,
      PostSchedulingService,
      PostWithdrawalService,
      // Only submit reads duplicate keys, and only the API submits.
      ...(servesApi ? [DuplicateKeysBackfill] : []),
    ],
    controllers: servesApi ? [PostsController, SlotsController, WithdrawalImpactController] : [],
    exports: [PostsRepository, PostSchedulingService],
  }));
}
