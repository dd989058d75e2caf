import { DynamicModule, Module } from '@nestjs/common';
import { oncePerRole } from '../common/once-per-role.js';
import { AuditModule } from '../audit/audit.module.js';
import { DomainEventsModule } from '../common/domain-events.js';
import { DefectorsController } from './defectors.controller.js';
import { DefectorsRepository } from './defectors.repository.js';
import { DefectorsService } from './defectors.service.js';
import { IdentityCheckController } from './identity-check.controller.js';
import { IdentityCheckRateLimit } from './identity-check-rate-limit.js';
import { IdentityCheckService } from './identity-check.service.js';
import { QuoteExportService } from './quote-export.service.js';
import { QuoteImportService } from './quote-import.service.js';
import { QuoteUsabilityService } from './quote-usability.service.js';
import { QuoteUsageService } from './quote-usage.service.js';
import { QuoteVettingService } from './quote-vetting.service.js';
import { QuotesController } from './quotes.controller.js';
import { QuotesRepository } from './quotes.repository.js';
import { QuotesService } from './quotes.service.js';
import { SourcesController } from './sources.controller.js';
import { SourcesRepository } from './sources.repository.js';
import { SourcesService } from './sources.service.js';
import { ThemesController } from './themes.controller.js';
import { ThemesRepository } from './themes.repository.js';
import { ThemesService } from './themes.service.js';

/**
 * The testimony library. Its services are needed in every role (workers re-check usability when
 * publishing): posts and publishing import it and read it through QuoteUsageService; the HTTP
 * surface only with the API.
 */
@Module({})
export class LibraryModule {
  static readonly forRole = oncePerRole((servesApi): DynamicModule => ({
    module: LibraryModule,
    imports: [AuditModule, DomainEventsModule],
    providers: [
      ThemesRepository,
      SourcesRepository,
      DefectorsRepository,
      QuotesRepository,
      ThemesService,
      SourcesService,
      DefectorsService,
      QuotesService,
      QuoteVettingService,
      QuoteUsabilityService,
      QuoteUsageService,
      IdentityCheckService,
      QuoteImportService,
      QuoteExportService,
      ...(servesApi ? [IdentityCheckRateLimit] : []),
    ],
    controllers: servesApi
      ? [
          ThemesController,
          SourcesController,
          DefectorsController,
          QuotesController,
          IdentityCheckController,
        ]
      : [],
    exports: [
      QuoteUsabilityService,
      QuoteUsageService,
      IdentityCheckService,
      QuotesRepository,
      DefectorsRepository,
      SourcesRepository,
      ThemesRepository,
    ],
  }));
}
