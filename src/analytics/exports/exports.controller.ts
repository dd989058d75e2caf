import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/access.decorators.js';
import { UuidParam } from '../../common/uuid-param.js';
import { ANALYTICS_READERS } from '../analytics-roles.js';
import { decisionFilterOf } from '../decisions/decision-model.js';
import { DecisionsQuery } from '../decisions/decisions.dto.js';
import { DecisionsService } from '../decisions/decisions.service.js';
import { ObjectivesService } from '../objectives/objectives.service.js';
import { periodOf, reportFilterOf } from '../reports/report-filter.js';
import { DEFAULT_MIN_SAMPLE } from '../reports/report-model.js';
import {
  CompareQuery,
  GroupedReportQuery,
  ReportFilterQuery,
  TimeSeriesQuery,
  TopPostsQuery,
} from '../reports/reports.dto.js';
import { ReportsService } from '../reports/reports.service.js';
import { FunderReportDto, FunderReportQuery } from './funder-report.dto.js';
import { FunderReportService } from './funder-report.service.js';
import {
  comparisonCsv,
  decisionsCsv,
  groupedCsv,
  objectivesCsv,
  postsCsv,
  seriesCsv,
} from './report-csv.js';

const CSV = 'text/csv; charset=utf-8';
const attachment = (name: string) => `attachment; filename="${name}"`;
const CSV_RESPONSE = { description: 'CSV (RFC 4180), one header row.', schema: { type: 'string' } };

/** CSV of every report and of per-post metrics, and the funder report's data. */
@ApiTags('analytics')
@Controller('api/analytics')
export class ExportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly objectives: ObjectivesService,
    private readonly decisions: DecisionsService,
    private readonly funder: FunderReportService,
  ) {}

  @Get('report.csv')
  @Roles(...ANALYTICS_READERS)
  @Header('Content-Type', CSV)
  @Header('Content-Disposition', attachment('analytics-report.csv'))
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV_RESPONSE)
  async grouped(@Query() query: GroupedReportQuery): Promise<string> {
    return groupedCsv(
      await this.reports.grouped(reportFilterOf(query), {
        groupBy: query.groupBy,
        minSample: query.minSample ?? DEFAULT_MIN_SAMPLE,
        rankBy: query.rankBy ?? 'engagement_rate',
      }),
    );
  }

  @Get('timeseries.csv')
  @Roles(...ANALYTICS_READERS)
  @Header('Content-Type', CSV)
  @Header('Content-Disposition', attachment('analytics-timeseries.csv'))
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV_RESPONSE)
  async timeSeries(@Query() query: TimeSeriesQuery): Promise<string> {
    return seriesCsv(
      await this.reports.timeSeries(reportFilterOf(query), {
        interval: query.interval ?? 'day',
        timezone: query.timezone ?? 'UTC',
      }),
    );
  }

  @Get('compare.csv')
  @Roles(...ANALYTICS_READERS)
  @Header('Content-Type', CSV)
  @Header('Content-Disposition', attachment('analytics-compare.csv'))
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV_RESPONSE)
  async compare(@Query() query: CompareQuery): Promise<string> {
    return comparisonCsv(
      await this.reports.compare(reportFilterOf(query), {
        a: periodOf(query.aFrom, query.aTo, ['aFrom', 'aTo']),
        b: periodOf(query.bFrom, query.bTo, ['bFrom', 'bTo']),
        groupBy: query.groupBy ?? null,
        minSample: query.minSample ?? DEFAULT_MIN_SAMPLE,
      }),
    );
  }

  @Get('top-posts.csv')
  @Roles(...ANALYTICS_READERS)
  @Header('Content-Type', CSV)
  @Header('Content-Disposition', attachment('analytics-top-posts.csv'))
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV_RESPONSE)
  async topPosts(@Query() query: TopPostsQuery): Promise<string> {
    const top = await this.reports.topPosts(reportFilterOf(query), {
      order: query.order ?? 'top',
      by: query.by ?? 'engagements',
      limit: query.limit ?? 10,
    });
    return postsCsv(top.items);
  }

  @Get('posts.csv')
  @Roles(...ANALYTICS_READERS)
  @Header('Content-Type', CSV)
  @Header('Content-Disposition', attachment('analytics-posts.csv'))
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV_RESPONSE)
  async posts(@Query() query: ReportFilterQuery): Promise<string> {
    return postsCsv(await this.reports.postMetrics(reportFilterOf(query)));
  }

  @Get('campaigns/:id/objectives.csv')
  @Roles(...ANALYTICS_READERS)
  @Header('Content-Type', CSV)
  @Header('Content-Disposition', attachment('analytics-objectives.csv'))
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV_RESPONSE)
  async objectivesCsv(@UuidParam() id: string): Promise<string> {
    return objectivesCsv(await this.objectives.overview(id, { withNames: false }));
  }

  @Get('decisions.csv')
  @Roles(...ANALYTICS_READERS)
  @Header('Content-Type', CSV)
  @Header('Content-Disposition', attachment('analytics-decisions.csv'))
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV_RESPONSE)
  async decisionsCsv(@Query() query: DecisionsQuery): Promise<string> {
    return decisionsCsv(await this.decisions.list(decisionFilterOf(query)));
  }

  @Get('campaigns/:id/funder-report')
  @Roles(...ANALYTICS_READERS)
  @ApiOkResponse({ type: FunderReportDto })
  async funderReport(
    @UuidParam() id: string,
    @Query() query: FunderReportQuery,
  ): Promise<FunderReportDto> {
    return FunderReportDto.from(await this.funder.build(id, periodOf(query.from, query.to)));
  }
}
