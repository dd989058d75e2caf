/**
 * The report vocabulary shared by reports, objectives and exports: what is filtered, how posts
 * are grouped, and figures that always carry the number of posts behind them.
 */

export const GROUP_BY = [
  'theme',
  'language',
  'channel',
  'campaign',
  'quote',
  'defector',
  'format',
  'weekday',
  'hour',
] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/**
 * Dimensions a post can hold several values of (a post quoting two themes counts in both groups),
 * so their groups' totals may exceed the ungrouped total.
 */
export const MULTI_VALUED: readonly GroupBy[] = ['theme', 'quote', 'defector'];

/** What groups are ranked by; engagement per 1,000 impressions corrects for reach. */
export const RANK_BY = ['engagement_rate', 'median_engagements', 'median_impressions'] as const;
export type RankBy = (typeof RANK_BY)[number];

export const TOP_POSTS_BY = ['engagements', 'impressions', 'engagement_rate'] as const;
export type TopPostsBy = (typeof TOP_POSTS_BY)[number];

export const INTERVALS = ['day', 'week'] as const;
export type Interval = (typeof INTERVALS)[number];

/** `latest` or a checkpoint age such as `24h`. */
export const CHECKPOINT_PATTERN = /^(latest|[1-9][0-9]{0,4}h)$/;
/**
 * Posts are compared at the same age: 24 hours after publication by default, because most
 * engagement on X arrives within a day, and every post older than a day already has it.
 */
export const DEFAULT_CHECKPOINT = '24h';
export const DEFAULT_MIN_SAMPLE = 5;

/** A checkpoint: a fixed age in hours, or each post's latest snapshot. */
export type Checkpoint = { hours: number } | 'latest';

export function parseCheckpoint(at: string | undefined): Checkpoint {
  const value = at ?? DEFAULT_CHECKPOINT;
  return value === 'latest' ? 'latest' : { hours: Number(value.slice(0, -1)) };
}

export const checkpointLabel = (at: Checkpoint): string =>
  at === 'latest' ? 'latest' : `${at.hours}h`;

export interface ReportFilter {
  campaignId?: string;
  channelId?: string;
  language?: string;
  theme?: string;
  /** Publication time, from inclusive, to exclusive. */
  from?: Date;
  to?: Date;
  at: Checkpoint;
}

/** A figure and the number of posts it was computed over. */
export interface Figure {
  value: number | null;
  n: number;
}

export interface Figures {
  posts: number;
  /** Posts whose impressions were readable on every segment. */
  impressionsKnownPosts: number;
  /** Sum over impressions-known posts (n = impressionsKnownPosts). */
  impressions: Figure;
  /** likes + reposts + replies + quotes + bookmarks, summed over all posts. */
  engagements: Figure;
  likes: Figure;
  reposts: Figure;
  replies: Figure;
  quotes: Figure;
  bookmarks: Figure;
  medianImpressions: Figure;
  medianEngagements: Figure;
  /** Engagements per 1,000 impressions over impressions-known posts only. */
  engagementRate: Figure;
}

export interface ReportGroup {
  key: string;
  label: string;
  figures: Figures;
  /** Fewer posts behind the ranking figure than the minimum sample: not ranked. */
  insufficient: boolean;
  rank: number | null;
}

export interface GroupedReport {
  groupBy: GroupBy;
  at: string;
  minSample: number;
  rankBy: RankBy;
  synthetic: boolean;
  total: Figures;
  groups: ReportGroup[];
}

export interface SeriesPoint {
  /** First day of the bucket (YYYY-MM-DD) in the series' time zone. */
  start: string;
  figures: Figures;
}

export interface DecisionMarker {
  id: string;
  campaignId: string;
  at: Date;
  what: string;
  why: string;
}

export interface TimeSeries {
  interval: Interval;
  timezone: string;
  at: string;
  synthetic: boolean;
  points: SeriesPoint[];
  decisions: DecisionMarker[];
}

export interface PeriodFigures {
  from: Date;
  to: Date;
  figures: Figures;
}

export interface ComparedGroup {
  key: string;
  label: string;
  a: Figures;
  b: Figures;
  insufficient: boolean;
}

export interface PeriodComparison {
  at: string;
  minSample: number;
  synthetic: boolean;
  a: PeriodFigures;
  b: PeriodFigures;
  groupBy: GroupBy | null;
  groups: ComparedGroup[];
}

export interface PostFigures {
  impressions: number | null;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  bookmarks: number;
  engagements: number;
  engagementRate: number | null;
}

/** One post's metrics with its report dimensions; never its text or anything about its people. */
export interface PostMetricsRow {
  postId: string;
  campaignId: string;
  campaignName: string;
  channelId: string;
  channelHandle: string;
  language: string;
  publishedAt: Date;
  thread: boolean;
  localWeekday: number;
  localHour: number;
  themes: string[];
  checkpointHours: number;
  figures: PostFigures;
  synthetic: boolean;
}

export interface TopPosts {
  at: string;
  order: 'top' | 'bottom';
  by: TopPostsBy;
  synthetic: boolean;
  items: PostMetricsRow[];
}
