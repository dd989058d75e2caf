import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/access.decorators.js';
import { CachedRead } from '../../read-cache/cached-read.interceptor.js';
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

/** What each report is asked for, defaults applied; the CSV exports ask the same way. */
export const asked = {
  grouped: (q: GroupedReportQuery) =>
    [
      reportFilterOf(q),
      {
        groupBy: q.groupBy,
        minSample: q.minSample ?? DEFAULT_MIN_SAMPLE,
        rankBy: q.rankBy ?? 'engagement_rate',
      },
    ] as const,
  timeSeries: (q: TimeSeriesQuery) =>
    [reportFilterOf(q), { interval: q.interval ?? 'day', timezone: q.timezone ?? 'UTC' }] as const,
  compare: (q: CompareQuery) =>
    [
      reportFilterOf(q),
      {
        a: periodOf(q.aFrom, q.aTo, ['aFrom', 'aTo']),
        b: periodOf(q.bFrom, q.bTo, ['bFrom', 'bTo']),
        groupBy: q.groupBy ?? null,
        minSample: q.minSample ?? DEFAULT_MIN_SAMPLE,
      },
    ] as const,
  topPosts: (q: TopPostsQuery) =>
    [
      reportFilterOf(q),
      { order: q.order ?? 'top', by: q.by ?? 'engagements', limit: q.limit ?? 10 },
    ] as const,
};

/**
 * Read-only reports; nobody writes through them. Each answer depends on the URL and the database
 * alone (no report reads the clock), so the read cache keeps it until the next commit: the
 * Analytics screen asks for several at once, and analysts come back to the same views.
 */
@ApiTags('analytics')
@Controller('api/analytics')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('report')
  @CachedRead()
  @Roles(...ANALYTICS_READERS)
  @ApiOkResponse({ type: GroupedReportDto })
  async grouped(@Query() query: GroupedReportQuery): Promise<GroupedReportDto> {
    return GroupedReportDto.from(await this.reports.grouped(...asked.grouped(query)));
  }

  @Get('timeseries')
  @CachedRead()
  @Roles(...ANALYTICS_READERS)
  @ApiOkResponse({ type: TimeSeriesDto })
  async timeSeries(@Query() query: TimeSeriesQuery): Promise<TimeSeriesDto> {
    return TimeSeriesDto.from(await this.reports.timeSeries(...asked.timeSeries(query)));
  }

  @Get('compare')
  @CachedRead()
  @Roles(...ANALYTICS_READERS)
  @ApiOkResponse({ type: PeriodComparisonDto })
  async compare(@Query() query: CompareQuery): Promise<PeriodComparisonDto> {
    return PeriodComparisonDto.from(await this.reports.compare(...asked.compare(query)));
  }

  @Get('top-posts')
  @CachedRead()
  @Roles(...ANALYTICS_READERS)
  @ApiOkResponse({ type: TopPostsDto })
  async topPosts(@Query() query: TopPostsQuery): Promise<TopPostsDto> {
    return TopPostsDto.from(await this.reports.topPosts(...asked.topPosts(query)));
  }
}
