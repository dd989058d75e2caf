import { Controller, Get, Header, Query, Req, StreamableFile } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { SESSION_COOKIE } from '../../auth/auth.guard.js';
import { Roles } from '../../auth/access.decorators.js';
import { ANALYTICS_READERS } from '../analytics-roles.js';
import { CampaignsRepository } from '../../campaigns/campaigns.repository.js';
import { invalid, notFound } from '../../common/domain-errors.js';
import { UuidParam } from '../../common/uuid-param.js';
import { FunderPdfQuery } from './funder-pdf.dto.js';
import { type Credentials, ReportPrinter } from './report-printer.js';

/** The credentials the request came with, handed on to the printing browser and nowhere else. */
function credentialsOf(req: Request): Credentials {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) return { authorization };
  return { sessionId: String(req.cookies?.[SESSION_COOKIE]) };
}

@ApiTags('analytics')
@Controller('api/analytics/campaigns')
export class FunderPdfController {
  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly printer: ReportPrinter,
  ) {}

  @Get(':id/funder-report.pdf')
  // Whoever may read the reports may print them.
  @Roles(...ANALYTICS_READERS)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'The funder report of a campaign and period as a PDF: the report page printed by Chromium with your ' +
      'session. No identifying detail, internal note or reviewer identity is in it.',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiServiceUnavailableResponse({ description: 'No browser on the server to print with.' })
  async pdf(
    @UuidParam() id: string,
    @Query() query: FunderPdfQuery,
    @Req() req: Request,
  ): Promise<StreamableFile> {
    const campaign = await this.campaigns.findById(id);
    if (!campaign) throw notFound('Campaign', id);
    if (Date.parse(query.from) >= Date.parse(query.to)) {
      throw invalid([{ field: 'to', rule: 'isAfterFrom', message: 'to must be after from' }]);
    }
    const search = new URLSearchParams({ from: query.from, to: query.to });
    const pdf = await this.printer.pdf({
      origin: `http://127.0.0.1:${req.socket.localPort}`,
      path: `/analytics/report/${id}?${search}`,
      credentials: credentialsOf(req),
      locale: 'en-GB',
      timeZone: campaign.timezone,
    });
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `attachment; filename="funder-report-${id}.pdf"`,
    });
  }
}
