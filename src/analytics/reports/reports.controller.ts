import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/access.decorators.js';
import { ANALYTICS_READERS } from '../analytics-roles.js';
import { periodOf, reportFilterOf } from './report-filter.js';
import { DEFAULT_MIN_SAMPLE } from './report-model.js';
import {
  CompareQuery,
  GroupedReportDto,
  GroupedReportQuery,
  PeriodComparisonDto,
  TimeSeriesDto,
  TimeSeriesQuery,
  TopPostsDto,
  TopPostsQuery,
} from './reports.dto.js';
import { ReportsService } from './reports.service.js';

/** Read-only reports; nobody writes through them. */
@ApiTags('analytics')
@Controller('api/analytics')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('report')
  @Roles(...ANALYTICS_READERS)
  @ApiOkResponse({ type: GroupedReportDto })
  async grouped(@Query() query: GroupedReportQuery): Promise<GroupedReportDto> {
    return GroupedReportDto.from(
      await this.reports.grouped(reportFilterOf(query), {
        groupBy: query.groupBy,
        minSample: query.minSample ?? DEFAULT_MIN_SAMPLE,
        rankBy: query.rankBy ?? 'engagement_rate',
      }),
    );
  }

  @Get('timeseries')
  @Roles(...ANALYTICS_READERS)
  @ApiOkResponse({ type: TimeSeriesDto })
  async timeSeries(@Query() query: TimeSeriesQuery): Promise<TimeSeriesDto> {
    return TimeSeriesDto.from(
      await this.reports.timeSeries(reportFilterOf(query), {
        interval: query.interval ?? 'day',
        timezone: query.timezone ?? 'UTC',
      }),
    );
  }

  @Get('compare')
  @Roles(...ANALYTICS_READERS)
  @ApiOkResponse({ type: PeriodComparisonDto })
  async compare(@Query() query: CompareQuery): Promise<PeriodComparisonDto> {
    return PeriodComparisonDto.from(
      await this.reports.compare(reportFilterOf(query), {
        a: periodOf(query.aFrom, query.aTo, ['aFrom', 'aTo']),
        b: periodOf(query.bFrom, query.bTo, ['bFrom', 'bTo']),
        groupBy: query.groupBy ?? null,
        minSample: query.minSample ?? DEFAULT_MIN_SAMPLE,
      }),
    );
  }

  @Get('top-posts')
  @Roles(...ANALYTICS_READERS)
  @ApiOkResponse({ type: TopPostsDto })
  async topPosts(@Query() query: TopPostsQuery): Promise<TopPostsDto> {
    return TopPostsDto.from(
      await this.reports.topPosts(reportFilterOf(query), {
        order: query.order ?? 'top',
        by: query.by ?? 'engagements',
        limit: query.limit ?? 10,
      }),
    );
  }
}
