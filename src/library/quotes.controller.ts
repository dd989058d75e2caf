import { Body, Controller, Get, Header, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/access.decorators.js';
import { actorOf, CurrentPrincipal, type Principal } from '../auth/principal.js';
import { pageByCreation } from '../common/pagination.js';
import { UuidParam } from '../common/uuid-param.js';
import {
  LEGAL_REVIEWERS,
  LIBRARY_CONTRIBUTORS,
  LIBRARY_READERS,
  QUOTE_EDITORS,
  QUOTE_VETTERS,
  RETRACTORS,
} from './library-roles.js';
import { notFound } from '../common/domain-errors.js';
import { QuoteExportService } from './quote-export.service.js';
import { NO_STORE } from './identity-check-redaction.js';
import { parseQuoteCsv } from './quote-csv.dto.js';
import { QuoteImportService } from './quote-import.service.js';
import { QuoteVettingService } from './quote-vetting.service.js';
import { CreateQuoteDto, UpdateQuoteDto } from './quote-content.dto.js';
import {
  LegalReviewDto,
  RetractQuoteDto,
  VerificationChangeDto,
  VettingDecisionDto,
} from './quote-decisions.dto.js';
import { CachedRead } from '../read-cache/cached-read.interceptor.js';
import { QuoteImportDto, QuoteImportResultDto } from './quote-import.dto.js';
import { QuoteSearchQuery } from './quote-search.dto.js';
import {
  QuoteDetailDto,
  QuoteDto,
  QuotePageDto,
  VerificationChangeViewDto,
  VettingDecisionViewDto,
} from './quotes.dto.js';
import { type QuoteFilter, QuotesRepository } from './quotes.repository.js';
import { QuotesService } from './quotes.service.js';

const filterOf = (q: QuoteSearchQuery): QuoteFilter => ({
  text: q.q?.trim() || undefined,
  themes: q.theme,
  languages: q.language,
  verification: q.verification,
  vettingStatus: q.vettingStatus,
  identityRisk: q.identityRisk,
  sourceId: q.sourceId,
  defectorId: q.defectorId,
  usableNow: q.usableNow,
});

@ApiTags('library')
@Controller('api/library/quotes')
export class QuotesController {
  constructor(
    private readonly service: QuotesService,
    private readonly vetting: QuoteVettingService,
    private readonly quotes: QuotesRepository,
    private readonly importer: QuoteImportService,
    private readonly exporter: QuoteExportService,
  ) {}

  @Get('export.csv')
  @Roles(...LIBRARY_READERS)
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="quotes.csv"')
  @ApiOperation({
    summary:
      'Quotes matching the search filters (limit and cursor ignored) as CSV, with their sources and defectors; no private field.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async exportCsv(@Query() query: QuoteSearchQuery): Promise<string> {
    return this.exporter.export(filterOf(query));
  }

  @Post('import')
  @Roles(...LIBRARY_CONTRIBUTORS)
  @ApiOperation({
    summary:
      'Import quotes from CSV (JSON body { csv, dryRun }). All or nothing: any bad row and nothing is created; ' +
      'the 400 lists each bad row (line), column and rule. Authors may import: imported quotes always start pending.',
  })
  @ApiCreatedResponse({ type: QuoteImportResultDto, description: 'Imported.' })
  @ApiOkResponse({ type: QuoteImportResultDto, description: 'dryRun: what would be created.' })
  @ApiBadRequestResponse({
    description: 'Problem document; errors[] has line, field, rule, message.',
  })
  async importCsv(
    @CurrentPrincipal() p: Principal,
    @Body() body: QuoteImportDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<QuoteImportResultDto> {
    const dryRun = body.dryRun ?? false;
    const result = await this.importer.import(actorOf(p), parseQuoteCsv(body.csv), dryRun);
    res.status(dryRun ? 200 : 201);
    return result;
  }

  @Get()
  @CachedRead()
  @Header('Cache-Control', NO_STORE)
  @Roles(...LIBRARY_READERS)
  @ApiOperation({ summary: 'Search quotes: full text plus filters, newest first.' })
  @ApiOkResponse({ type: QuotePageDto })
  async search(
    @CurrentPrincipal() p: Principal,
    @Query() query: QuoteSearchQuery,
  ): Promise<QuotePageDto> {
    return pageByCreation(
      query,
      (window) => this.quotes.search(filterOf(query), window),
      (v) => QuoteDto.from(v, p.roles),
    );
  }

  @Post()
  @Header('Cache-Control', NO_STORE)
  @Roles(...LIBRARY_CONTRIBUTORS)
  @ApiCreatedResponse({ type: QuoteDetailDto, description: 'Created, pending vetting.' })
  async create(
    @CurrentPrincipal() p: Principal,
    @Body() body: CreateQuoteDto,
  ): Promise<QuoteDetailDto> {
    return this.detail(p, (await this.service.create(actorOf(p), body)).id);
  }

  @Get(':id')
  @Header('Cache-Control', NO_STORE)
  @Roles(...LIBRARY_READERS)
  @ApiOkResponse({ type: QuoteDetailDto })
  async get(@CurrentPrincipal() p: Principal, @UuidParam() id: string): Promise<QuoteDetailDto> {
    return this.detail(p, id);
  }

  @Patch(':id')
  @Header('Cache-Control', NO_STORE)
  @Roles(...QUOTE_EDITORS)
  @ApiOperation({ summary: 'Edit a quote. Changing what was vetted sends it back to pending.' })
  @ApiOkResponse({ type: QuoteDetailDto })
  @ApiConflictResponse({ description: 'The quote is retracted.' })
  async update(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: UpdateQuoteDto,
  ): Promise<QuoteDetailDto> {
    await this.service.update(actorOf(p), id, body);
    return this.detail(p, id);
  }

  @Post(':id/vetting')
  @Header('Cache-Control', NO_STORE)
  @HttpCode(200)
  @Roles(...QUOTE_VETTERS)
  @ApiOperation({
    summary:
      'Vet (approve) or reject a quote. High identity risk or sensitivity flags: safety reviewers only. ' +
      'Nobody vets a quote they added or last revised. With legal flags the quote stays pending until ' +
      'the legal sign-off too (vetting.awaiting says what is missing).',
  })
  @ApiOkResponse({ type: QuoteDetailDto })
  @ApiConflictResponse({
    description:
      'Not in a state to decide, or the text contains identifying details (identityMatches).',
  })
  async vet(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: VettingDecisionDto,
  ): Promise<QuoteDetailDto> {
    await this.vetting.decideEditorial(p, id, body);
    return this.detail(p, id);
  }

  @Post(':id/legal-review')
  @Header('Cache-Control', NO_STORE)
  @HttpCode(200)
  @Roles(...LEGAL_REVIEWERS)
  @ApiOperation({ summary: 'Sign off (approve) or reject a quote that carries legal flags.' })
  @ApiOkResponse({ type: QuoteDetailDto })
  async legalReview(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: LegalReviewDto,
  ): Promise<QuoteDetailDto> {
    await this.vetting.decideLegal(p, id, body);
    return this.detail(p, id);
  }

  @Post(':id/verification')
  @Header('Cache-Control', NO_STORE)
  @HttpCode(200)
  @Roles(...QUOTE_VETTERS)
  @ApiOperation({
    summary: 'Change the verification level, with the reason (kept in its history).',
  })
  @ApiOkResponse({ type: QuoteDetailDto })
  async changeVerification(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: VerificationChangeDto,
  ): Promise<QuoteDetailDto> {
    await this.service.changeVerification(actorOf(p), id, body);
    return this.detail(p, id);
  }

  @Post(':id/retract')
  @Header('Cache-Control', NO_STORE)
  @HttpCode(200)
  @Roles(...RETRACTORS)
  @ApiOperation({
    summary:
      'Retract a quote for good; raises quote.retracted so every post built on it is withdrawn.',
  })
  @ApiOkResponse({ type: QuoteDetailDto })
  async retract(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: RetractQuoteDto,
  ): Promise<QuoteDetailDto> {
    await this.service.retract(actorOf(p), id, body.reason);
    return this.detail(p, id);
  }

  /** The detail view; which identifying details a vetting accepted only for those who may know. */
  private async detail(p: Principal, id: string): Promise<QuoteDetailDto> {
    const [view] = await this.quotes.views([id]);
    if (!view) throw notFound('Quote', id);
    const [verification, vetting] = await Promise.all([
      this.quotes.verificationHistory(id),
      this.quotes.vettingHistory(id),
    ]);
    return {
      ...QuoteDto.from(view, p.roles),
      verificationHistory: verification.map((r) => VerificationChangeViewDto.from(r)),
      vettingHistory: vetting.map((r) => VettingDecisionViewDto.from(r, p.roles)),
    };
  }
}
