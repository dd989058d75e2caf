import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsCalendarDate, IsIanaTimezone, IsInteger } from '../../common/validators.js';
import {
  CHECKPOINT_PATTERN,
  DEFAULT_CHECKPOINT,
  DEFAULT_MIN_SAMPLE,
  GROUP_BY,
  type GroupBy,
  INTERVALS,
  type Interval,
  RANK_BY,
  type RankBy,
  TOP_POSTS_BY,
  type TopPostsBy,
  type ComparedGroup,
  type DecisionMarker,
  type Figures,
  type GroupedReport,
  type PeriodComparison,
  type PeriodFigures,
  type PostMetricsRow,
  type ReportGroup,
  type SeriesPoint,
  type TimeSeries,
  type TopPosts,
} from './report-model.js';

const AT_DESCRIPTION =
  'Checkpoint the posts are compared at: a fixed age such as 24h or 168h (posts compared at the ' +
  'same age; default 24h) or latest (each post’s most recent snapshot).';

/** Filters every report takes. Dates bound the publication time: from inclusive, to exclusive. */
export class ReportFilterQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() campaignId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() channelId?: string;
  @ApiPropertyOptional({ example: 'ar', description: 'The channel’s language (ISO 639).' })
  @IsOptional()
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, {
    message: 'language must be an ISO 639 code such as en or ar',
  })
  language?: string;
  @ApiPropertyOptional({ example: 'infighting', description: 'Theme key.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  theme?: string;
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsCalendarDate('date-time')
  from?: string;
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsCalendarDate('date-time')
  to?: string;
  @ApiPropertyOptional({ example: DEFAULT_CHECKPOINT, description: AT_DESCRIPTION })
  @IsOptional()
  @Matches(CHECKPOINT_PATTERN, { message: 'at must be latest or an age in hours such as 24h' })
  at?: string;
}

class MinSampleQuery extends ReportFilterQuery {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 10000,
    default: DEFAULT_MIN_SAMPLE,
    description: 'Groups with fewer posts behind the ranking figure are marked insufficient.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInteger({ min: 1, max: 10000 })
  minSample?: number;
}

export class GroupedReportQuery extends MinSampleQuery {
  @ApiProperty({ enum: GROUP_BY }) @IsIn(GROUP_BY) groupBy!: GroupBy;
  @ApiPropertyOptional({ enum: RANK_BY, default: 'engagement_rate' })
  @IsOptional()
  @IsIn(RANK_BY)
  rankBy?: RankBy;
}

export class TimeSeriesQuery extends ReportFilterQuery {
  @ApiPropertyOptional({ enum: INTERVALS, default: 'day' })
  @IsOptional()
  @IsIn(INTERVALS)
  interval?: Interval;
  @ApiPropertyOptional({
    example: 'Europe/London',
    default: 'UTC',
    description: 'Time zone the days and weeks are counted in.',
  })
  @IsOptional()
  @IsIanaTimezone()
  timezone?: string;
}

export class CompareQuery extends MinSampleQuery {
  @ApiProperty({ format: 'date-time' }) @IsCalendarDate('date-time') aFrom!: string;
  @ApiProperty({ format: 'date-time' }) @IsCalendarDate('date-time') aTo!: string;
  @ApiProperty({ format: 'date-time' }) @IsCalendarDate('date-time') bFrom!: string;
  @ApiProperty({ format: 'date-time' }) @IsCalendarDate('date-time') bTo!: string;
  @ApiPropertyOptional({ enum: GROUP_BY, description: 'Also compare each group.' })
  @IsOptional()
  @IsIn(GROUP_BY)
  groupBy?: GroupBy;
}

export class TopPostsQuery extends ReportFilterQuery {
  @ApiPropertyOptional({ enum: ['top', 'bottom'], default: 'top' })
  @IsOptional()
  @IsIn(['top', 'bottom'])
  order?: 'top' | 'bottom';
  @ApiPropertyOptional({ enum: TOP_POSTS_BY, default: 'engagements' })
  @IsOptional()
  @IsIn(TOP_POSTS_BY)
  by?: TopPostsBy;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInteger({ min: 1, max: 100 })
  limit?: number;
}

export class FigureDto {
  @ApiProperty({ nullable: true, type: Number, description: 'Null when no post had it.' })
  value!: number | null;
  @ApiProperty({ description: 'Number of posts the figure was computed over.' }) n!: number;
}

export class FiguresDto implements Figures {
  @ApiProperty() posts!: number;
  @ApiProperty({ description: 'Posts whose impressions were readable on every segment.' })
  impressionsKnownPosts!: number;
  @ApiProperty({ type: FigureDto }) impressions!: FigureDto;
  @ApiProperty({ type: FigureDto, description: 'likes + reposts + replies + quotes + bookmarks' })
  engagements!: FigureDto;
  @ApiProperty({ type: FigureDto }) likes!: FigureDto;
  @ApiProperty({ type: FigureDto }) reposts!: FigureDto;
  @ApiProperty({ type: FigureDto }) replies!: FigureDto;
  @ApiProperty({ type: FigureDto }) quotes!: FigureDto;
  @ApiProperty({ type: FigureDto }) bookmarks!: FigureDto;
  @ApiProperty({ type: FigureDto }) medianImpressions!: FigureDto;
  @ApiProperty({ type: FigureDto }) medianEngagements!: FigureDto;
  @ApiProperty({
    type: FigureDto,
    description: 'Engagements per 1,000 impressions over impressions-known posts.',
  })
  engagementRate!: FigureDto;
}

export class ReportGroupDto implements ReportGroup {
  @ApiProperty() key!: string;
  @ApiProperty({ description: 'Display label; defectors by their published display name.' })
  label!: string;
  @ApiProperty({ type: FiguresDto }) figures!: FiguresDto;
  @ApiProperty({ description: 'Below the minimum sample: shown, not ranked.' })
  insufficient!: boolean;
  @ApiProperty({ nullable: true, type: Number }) rank!: number | null;
}

export class GroupedReportDto implements GroupedReport {
  @ApiProperty({ enum: GROUP_BY }) groupBy!: GroupBy;
  @ApiProperty({ example: '24h' }) at!: string;
  @ApiProperty() minSample!: number;
  @ApiProperty({ enum: RANK_BY }) rankBy!: RankBy;
  @ApiProperty({ description: 'Some figures include synthetic (sandbox) metrics.' })
  synthetic!: boolean;
  @ApiProperty({ type: FiguresDto }) total!: FiguresDto;
  @ApiProperty({ type: [ReportGroupDto] }) groups!: ReportGroupDto[];

  static from(report: GroupedReport): GroupedReportDto {
    return report;
  }
}

export class SeriesPointDto implements SeriesPoint {
  @ApiProperty({ format: 'date', description: 'First day of the bucket.' }) start!: string;
  @ApiProperty({ type: FiguresDto }) figures!: FiguresDto;
}

export class DecisionMarkerDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() what!: string;
  @ApiProperty() why!: string;

  static from(d: DecisionMarker): DecisionMarkerDto {
    return { id: d.id, campaignId: d.campaignId, at: d.at.toISOString(), what: d.what, why: d.why };
  }
}

export class TimeSeriesDto {
  @ApiProperty({ enum: INTERVALS }) interval!: Interval;
  @ApiProperty() timezone!: string;
  @ApiProperty() at!: string;
  @ApiProperty() synthetic!: boolean;
  @ApiProperty({ type: [SeriesPointDto] }) points!: SeriesPointDto[];
  @ApiProperty({ type: [DecisionMarkerDto], description: 'Decision log entries in the range.' })
  decisions!: DecisionMarkerDto[];

  static from(series: TimeSeries): TimeSeriesDto {
    return { ...series, decisions: series.decisions.map(DecisionMarkerDto.from) };
  }
}

export class PeriodFiguresDto {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: FiguresDto }) figures!: FiguresDto;

  static from(p: PeriodFigures): PeriodFiguresDto {
    return { from: p.from.toISOString(), to: p.to.toISOString(), figures: p.figures };
  }
}

export class ComparedGroupDto implements ComparedGroup {
  @ApiProperty() key!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ type: FiguresDto }) a!: FiguresDto;
  @ApiProperty({ type: FiguresDto }) b!: FiguresDto;
  @ApiProperty({ description: 'Either period below the minimum sample.' }) insufficient!: boolean;
}

export class PeriodComparisonDto {
  @ApiProperty() at!: string;
  @ApiProperty() minSample!: number;
  @ApiProperty() synthetic!: boolean;
  @ApiProperty({ type: PeriodFiguresDto }) a!: PeriodFiguresDto;
  @ApiProperty({ type: PeriodFiguresDto }) b!: PeriodFiguresDto;
  @ApiProperty({ enum: GROUP_BY, nullable: true, type: String }) groupBy!: GroupBy | null;
  @ApiProperty({ type: [ComparedGroupDto] }) groups!: ComparedGroupDto[];

  static from(c: PeriodComparison): PeriodComparisonDto {
    return { ...c, a: PeriodFiguresDto.from(c.a), b: PeriodFiguresDto.from(c.b) };
  }
}

export class PostFiguresDto {
  @ApiProperty({ nullable: true, type: Number }) impressions!: number | null;
  @ApiProperty() likes!: number;
  @ApiProperty() reposts!: number;
  @ApiProperty() replies!: number;
  @ApiProperty() quotes!: number;
  @ApiProperty() bookmarks!: number;
  @ApiProperty() engagements!: number;
  @ApiProperty({ nullable: true, type: Number }) engagementRate!: number | null;
}

export class PostMetricsDto {
  @ApiProperty({ format: 'uuid', description: 'Link to /posts/{postId}.' }) postId!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty() campaignName!: string;
  @ApiProperty({ format: 'uuid' }) channelId!: string;
  @ApiProperty() channelHandle!: string;
  @ApiProperty() language!: string;
  @ApiProperty({ format: 'date-time' }) publishedAt!: string;
  @ApiProperty() thread!: boolean;
  @ApiProperty({ description: 'ISO weekday in the channel’s time zone (Monday 1).' })
  localWeekday!: number;
  @ApiProperty({ description: 'Hour of publication in the channel’s time zone.' })
  localHour!: number;
  @ApiProperty({ type: [String], description: 'Theme keys.' }) themes!: string[];
  @ApiProperty() checkpointHours!: number;
  @ApiProperty({ type: PostFiguresDto }) figures!: PostFiguresDto;
  @ApiProperty() synthetic!: boolean;

  static from(row: PostMetricsRow): PostMetricsDto {
    return { ...row, publishedAt: row.publishedAt.toISOString() };
  }
}

export class TopPostsDto {
  @ApiProperty() at!: string;
  @ApiProperty({ enum: ['top', 'bottom'] }) order!: 'top' | 'bottom';
  @ApiProperty({ enum: TOP_POSTS_BY }) by!: TopPostsBy;
  @ApiProperty() synthetic!: boolean;
  @ApiProperty({ type: [PostMetricsDto] }) items!: PostMetricsDto[];

  static from(top: TopPosts): TopPostsDto {
    return { ...top, items: top.items.map(PostMetricsDto.from) };
  }
}
