import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth/access.decorators.js';
import { CurrentPrincipal, hasRole, type Principal } from '../auth/principal.js';
import { pageByCreation } from '../common/pagination.js';
import { UuidParam } from '../common/uuid-param.js';
import {
  ConsentChangeDto,
  ConsentChangeViewDto,
  CreateDefectorDto,
  CreateIdentifyingDetailDto,
  DefectorDetailDto,
  DefectorDto,
  DefectorPageDto,
  DefectorQuery,
  IdentifyingDetailDto,
  IdentifyingDetailListDto,
  UpdateDefectorDto,
  UpdateIdentifyingDetailDto,
} from './defectors.dto.js';
import { DefectorsRepository } from './defectors.repository.js';
import { DefectorsService } from './defectors.service.js';
import { NO_STORE } from './identity-check-redaction.js';
import { LIBRARY_READERS, PRIVACY_GUARDIANS, QUOTE_EDITORS } from './library-roles.js';
import { notFound } from '../common/domain-errors.js';

/** Internal notes and identifying details reach safety reviewers and admins only. */
const seesPrivate = (p: Principal) => hasRole(p, ...PRIVACY_GUARDIANS);

@ApiTags('library')
@Controller('api/library/defectors')
export class DefectorsController {
  constructor(
    private readonly service: DefectorsService,
    private readonly defectors: DefectorsRepository,
  ) {}

  @Get()
  @Header('Cache-Control', NO_STORE)
  @Roles(...LIBRARY_READERS)
  @ApiOkResponse({ type: DefectorPageDto })
  async list(
    @CurrentPrincipal() p: Principal,
    @Query() query: DefectorQuery,
  ): Promise<DefectorPageDto> {
    return pageByCreation(
      query,
      (window) =>
        this.defectors.list({
          displayName: query.displayName,
          consentStatus: query.consentStatus,
          ...window,
        }),
      (r) => DefectorDto.withPrivate(r, seesPrivate(p)),
    );
  }

  @Post()
  @Header('Cache-Control', NO_STORE)
  @Roles(...QUOTE_EDITORS)
  @ApiOperation({ summary: 'Add a defector. internalNotes: safety reviewers and admins only.' })
  @ApiCreatedResponse({ type: DefectorDetailDto })
  async create(
    @CurrentPrincipal() p: Principal,
    @Body() body: CreateDefectorDto,
  ): Promise<DefectorDetailDto> {
    return this.detail(p, (await this.service.create(p, body)).id);
  }

  @Get(':id')
  @Header('Cache-Control', NO_STORE)
  @Roles(...LIBRARY_READERS)
  @ApiOkResponse({ type: DefectorDetailDto })
  async get(@CurrentPrincipal() p: Principal, @UuidParam() id: string): Promise<DefectorDetailDto> {
    return this.detail(p, id);
  }

  @Patch(':id')
  @Header('Cache-Control', NO_STORE)
  @Roles(...QUOTE_EDITORS)
  @ApiOkResponse({ type: DefectorDetailDto })
  async update(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: UpdateDefectorDto,
  ): Promise<DefectorDetailDto> {
    await this.service.update(p, id, body);
    return this.detail(p, id);
  }

  @Post(':id/consent')
  @Header('Cache-Control', NO_STORE)
  @HttpCode(200)
  @Roles('editor', ...PRIVACY_GUARDIANS)
  @ApiOperation({
    summary:
      'Change consent with a reason. Withdrawing, and restoring after a withdrawal, is for safety reviewers and admins.',
  })
  @ApiOkResponse({ type: DefectorDetailDto })
  async changeConsent(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: ConsentChangeDto,
  ): Promise<DefectorDetailDto> {
    await this.service.changeConsent(p, id, body);
    return this.detail(p, id);
  }

  @Get(':id/identifying-details')
  @Header('Cache-Control', NO_STORE)
  @Roles(...PRIVACY_GUARDIANS)
  @ApiOkResponse({ type: IdentifyingDetailListDto })
  async listDetails(@UuidParam() id: string): Promise<IdentifyingDetailListDto> {
    if (!(await this.defectors.findById(id))) throw notFound('Defector', id);
    return {
      items: (await this.service.identifyingDetails(id)).map((r) => IdentifyingDetailDto.from(r)),
    };
  }

  @Post(':id/identifying-details')
  @Header('Cache-Control', NO_STORE)
  @Roles(...PRIVACY_GUARDIANS)
  @ApiOperation({
    summary: 'Add a detail that identifies the defector and must never be published.',
  })
  @ApiCreatedResponse({ type: IdentifyingDetailDto })
  async addDetail(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: CreateIdentifyingDetailDto,
  ): Promise<IdentifyingDetailDto> {
    return IdentifyingDetailDto.from(await this.service.addIdentifyingDetail(p, id, body));
  }

  @Patch(':id/identifying-details/:detailId')
  @Roles(...PRIVACY_GUARDIANS)
  @Header('Cache-Control', NO_STORE)
  @ApiOperation({ summary: 'Correct a detail, or replace the list of its other spellings.' })
  @ApiOkResponse({ type: IdentifyingDetailDto })
  async updateDetail(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @UuidParam('detailId') detailId: string,
    @Body() body: UpdateIdentifyingDetailDto,
  ): Promise<IdentifyingDetailDto> {
    return IdentifyingDetailDto.from(
      await this.service.updateIdentifyingDetail(p, id, detailId, body),
    );
  }

  @Delete(':id/identifying-details/:detailId')
  @HttpCode(204)
  @Roles(...PRIVACY_GUARDIANS)
  @ApiNoContentResponse()
  async removeDetail(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @UuidParam('detailId') detailId: string,
  ): Promise<void> {
    await this.service.removeIdentifyingDetail(p, id, detailId);
  }

  private async detail(p: Principal, id: string): Promise<DefectorDetailDto> {
    const row = await this.defectors.findById(id);
    if (!row) throw notFound('Defector', id);
    const history = (await this.defectors.consentHistory(id)).map((r) =>
      ConsentChangeViewDto.from(r),
    );
    const dto = { ...DefectorDto.withPrivate(row, seesPrivate(p)), consentHistory: history };
    if (!seesPrivate(p)) return dto;
    const details = await this.service.identifyingDetails(id);
    return { ...dto, identifyingDetails: details.map((r) => IdentifyingDetailDto.from(r)) };
  }
}
