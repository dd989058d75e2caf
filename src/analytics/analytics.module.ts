import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { ChannelsModule } from '../channels/channels.module.js';
import { PlatformsModule } from '../platforms/platforms.module.js';
import { PostsModule } from '../posts/posts.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { CollectionRepository } from './collection/collection.repository.js';
import { MetricsCollector } from './collection/metrics-collector.js';
import { SnapshotsController } from './collection/snapshots.controller.js';
import { DecisionsController } from './decisions/decisions.controller.js';
import { DecisionsRepository } from './decisions/decisions.repository.js';
import { DecisionsService } from './decisions/decisions.service.js';
import { ExportsController } from './exports/exports.controller.js';
import { FunderReportService } from './exports/funder-report.service.js';
import { FunderPdfModule } from './funder-pdf/funder-pdf.module.js';
import { ObjectivesController } from './objectives/objectives.controller.js';
import { ObjectivesRepository } from './objectives/objectives.repository.js';
import { ObjectivesService } from './objectives/objectives.service.js';
import { ReportsController } from './reports/reports.controller.js';
import { ReportsRepository } from './reports/reports.repository.js';
import { ReportsService } from './reports/reports.service.js';

/**
 * Evaluation: metrics collection runs in worker processes (once cluster-wide); the snapshot
 * curve, objectives, reports, the decision log and exports are API.
 */
@Module({})
export class AnalyticsModule {
  static forRole(options: { servesApi: boolean; runsWorkers: boolean }): DynamicModule {
    const { servesApi, runsWorkers } = options;
    return {
      module: AnalyticsModule,
      imports: [
        QueueModule,
        AuditModule,
        PlatformsModule.forRole(servesApi),
        ChannelsModule.forRole(servesApi),
        CampaignsModule.forRole(servesApi),
        PostsModule.forRole(servesApi),
        FunderPdfModule.forRole(servesApi),
      ],
      providers: [
        CollectionRepository,
        ...(runsWorkers ? [MetricsCollector] : []),
        ...(servesApi
          ? [
              ReportsRepository,
              ReportsService,
              ObjectivesRepository,
              ObjectivesService,
              DecisionsRepository,
              DecisionsService,
              FunderReportService,
            ]
          : []),
      ],
      controllers: servesApi
        ? [
            SnapshotsController,
            ReportsController,
            ObjectivesController,
            DecisionsController,
            ExportsController,
          ]
        : [],
    };
  }
}
