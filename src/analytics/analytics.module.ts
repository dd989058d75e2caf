import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { oncePerRole } from '../common/once-per-role.js';
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

/** Evaluation: objectives, reports, the decision log and exports (README: Analytics). */
@Module({})
export class AnalyticsModule {
  static readonly forRole = oncePerRole((servesApi): DynamicModule => ({
    module: AnalyticsModule,
    imports: [AuditModule, CampaignsModule.forRole(servesApi), FunderPdfModule.forRole(servesApi)],
    providers: [
      ReportsRepository,
      ReportsService,
      ObjectivesRepository,
      ObjectivesService,
      DecisionsRepository,
      DecisionsService,
      FunderReportService,
    ],
    controllers: servesApi
      ? [ReportsController, ObjectivesController, DecisionsController, ExportsController]
      : [],
  }));
}
