import { type DynamicModule, Module } from '@nestjs/common';
import { CampaignsModule } from '../../campaigns/campaigns.module.js';
import { oncePerRole } from '../../common/once-per-role.js';
import { FunderPdfController } from './funder-pdf.controller.js';
import { ReportPrinter } from './report-printer.js';

/** The funder report as a PDF; only where the API (and so the web UI it prints) is served. */
@Module({})
export class FunderPdfModule {
  static readonly forRole = oncePerRole((servesApi): DynamicModule => ({
    module: FunderPdfModule,
    imports: [CampaignsModule.forRole(servesApi)],
    providers: servesApi ? [ReportPrinter] : [],
    controllers: servesApi ? [FunderPdfController] : [],
  }));
}
