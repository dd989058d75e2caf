import { type DynamicModule, Module } from '@nestjs/common';
import { oncePerRole } from '../common/once-per-role.js';
import { AuditModule } from '../audit/audit.module.js';
import { CampaignsController } from './campaigns.controller.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { CampaignsService } from './campaigns.service.js';

/** Campaigns and their review policy; the HTTP surface only where the API is served. */
@Module({})
export class CampaignsModule {
  static readonly forRole = oncePerRole((servesApi): DynamicModule => ({
    module: CampaignsModule,
    imports: [AuditModule],
    providers: [CampaignsRepository, CampaignsService],
    controllers: servesApi ? [CampaignsController] : [],
    exports: [CampaignsRepository],
  }));
}
