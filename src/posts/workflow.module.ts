import { type DynamicModule, Module } from '@nestjs/common';
import { CampaignsController } from '../campaigns/campaigns.controller.js';
import { CampaignsRepository } from '../campaigns/campaigns.repository.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { ChannelsController } from '../channels/channels.controller.js';
import { ChannelsRepository } from '../channels/channels.repository.js';
import { ChannelsService } from '../channels/channels.service.js';
import { PausesController } from '../pauses/pauses.controller.js';
import { PausesRepository } from '../pauses/pauses.repository.js';
import { PausesService } from '../pauses/pauses.service.js';
import { PublishScheduler } from '../publishing/publish-scheduler.js';
import { PostWithdrawalService } from './post-withdrawal.service.js';
import { PostWorkflowService } from './post-workflow.service.js';
import { PostsController } from './posts.controller.js';
import { PostsRepository } from './posts.repository.js';

/**
 * Campaigns, channels, pauses and the post workflow. The services run in every role (the
 * retraction handler and, later, the publisher need them); the HTTP surface only where the API is.
 */
@Module({})
export class WorkflowModule {
  static forRole(servesApi: boolean): DynamicModule {
    const providers = [
      CampaignsRepository,
      CampaignsService,
      ChannelsRepository,
      ChannelsService,
      PausesRepository,
      PausesService,
      PostsRepository,
      PostWorkflowService,
      PostWithdrawalService,
      PublishScheduler,
    ];
    return {
      module: WorkflowModule,
      global: true,
      providers,
      controllers: servesApi
        ? [CampaignsController, ChannelsController, PausesController, PostsController]
        : [],
      exports: providers,
    };
  }
}
