import { DynamicModule, Module } from '@nestjs/common';
import { DefectorsController } from './defectors.controller.js';
import { DefectorsRepository } from './defectors.repository.js';
import { DefectorsService } from './defectors.service.js';
import { IdentityCheckController } from './identity-check.controller.js';
import { IdentityCheckRateLimit } from './identity-check-rate-limit.js';
import { IdentityCheckService } from './identity-check.service.js';
import { QuoteExportService } from './quote-export.service.js';
import { QuoteImportService } from './quote-import.service.js';
import { QuoteUsabilityService } from './quote-usability.service.js';
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
 * publishing), so the module is global and always imported; the HTTP surface only with the API.
 */
@Module({})
export class LibraryModule {
  static forRole(servesApi: boolean): DynamicModule {
    return {
      module: LibraryModule,
      global: true,
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
        IdentityCheckService,
        QuotesRepository,
        DefectorsRepository,
        SourcesRepository,
        ThemesRepository,
      ],
    };
  }
}
