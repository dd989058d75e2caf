import type { DecisionView } from '../decisions/decision-model.js';
import type { ObjectivesOverview } from '../objectives/objective-model.js';
import type {
  Figures,
  GroupedReport,
  PeriodComparison,
  PostMetricsRow,
  TimeSeries,
} from '../reports/report-model.js';
import { type Cell, toCsv } from '../../common/csv.js';

/** Each figure beside the number of posts it rests on, as in the JSON reports. */
const FIGURE_HEADER = [
  'posts',
  'impressions_known_posts',
  'impressions',
  'engagements',
  'likes',
  'reposts',
  'replies',
  'quotes',
  'bookmarks',
  'median_impressions',
  'median_impressions_n',
  'median_engagements',
  'median_engagements_n',
  'engagements_per_1000_impressions',
  'engagements_per_1000_impressions_n',
];

const figureCells = (f: Figures): Cell[] => [
  f.posts,
  f.impressionsKnownPosts,
  f.impressions.value,
  f.engagements.value,
  f.likes.value,
  f.reposts.value,
  f.replies.value,
  f.quotes.value,
  f.bookmarks.value,
  f.medianImpressions.value,
  f.medianImpressions.n,
  f.medianEngagements.value,
  f.medianEngagements.n,
  f.engagementRate.value,
  f.engagementRate.n,
];

export function groupedCsv(report: GroupedReport): string {
  return toCsv(
    [
      'group_by',
      'key',
      'label',
      'rank',
      'insufficient',
      ...FIGURE_HEADER,
      'checkpoint',
      'synthetic',
    ],
    [
      [
        report.groupBy,
        '',
        'All posts',
        '',
        '',
        ...figureCells(report.total),
        report.at,
        report.synthetic,
      ],
      ...report.groups.map((g) => [
        report.groupBy,
        g.key,
        g.label,
        g.rank,
        g.insufficient,
        ...figureCells(g.figures),
        report.at,
        report.synthetic,
      ]),
    ],
  );
}

export function seriesCsv(series: TimeSeries): string {
  return toCsv(
    ['interval', 'start', 'timezone', ...FIGURE_HEADER, 'checkpoint', 'synthetic'],
    series.points.map((p) => [
      series.interval,
      p.start,
      series.timezone,
      ...figureCells(p.figures),
      series.at,
      series.synthetic,
    ]),
  );
}

export function comparisonCsv(c: PeriodComparison): string {
  const period = (name: 'a' | 'b') => c[name].from.toISOString() + '/' + c[name].to.toISOString();
  return toCsv(
    [
      'period',
      'range',
      'group_by',
      'key',
      'label',
      'insufficient',
      ...FIGURE_HEADER,
      'checkpoint',
      'synthetic',
    ],
    [
      [
        'a',
        period('a'),
        c.groupBy,
        '',
        'All posts',
        '',
        ...figureCells(c.a.figures),
        c.at,
        c.synthetic,
      ],
      [
        'b',
        period('b'),
        c.groupBy,
        '',
        'All posts',
        '',
        ...figureCells(c.b.figures),
        c.at,
        c.synthetic,
      ],
      ...c.groups.flatMap((g) =>
        (['a', 'b'] as const).map((name) => [
          name,
          period(name),
          c.groupBy,
          g.key,
          g.label,
          g.insufficient,
          ...figureCells(g[name]),
          c.at,
          c.synthetic,
        ]),
      ),
    ],
  );
}

export function postsCsv(rows: PostMetricsRow[]): string {
  return toCsv(
    [
      'post_id',
      'published_at',
      'campaign_id',
      'campaign',
      'channel_id',
      'channel',
      'language',
      'format',
      'themes',
      'local_weekday',
      'local_hour',
      'checkpoint_hours',
      'impressions',
      'likes',
      'reposts',
      'replies',
      'quotes',
      'bookmarks',
      'engagements',
      'engagements_per_1000_impressions',
      'synthetic',
    ],
    rows.map((r) => [
      r.postId,
      r.publishedAt,
      r.campaignId,
      r.campaignName,
      r.channelId,
      r.channelHandle,
      r.language,
      r.thread ? 'thread' : 'single',
      r.themes.join(' '),
      r.localWeekday,
      r.localHour,
      r.checkpointHours,
      r.figures.impressions,
      r.figures.likes,
      r.figures.reposts,
      r.figures.replies,
      r.figures.quotes,
      r.figures.bookmarks,
      r.figures.engagements,
      r.figures.engagementRate,
      r.synthetic,
    ]),
  );
}

/** Objectives and their states; changes appear in the JSON and the funder report. */
export function objectivesCsv(o: ObjectivesOverview): string {
  return toCsv(
    [
      'objective_id',
      'metric',
      'target',
      'window_from',
      'window_to',
      'channel_id',
      'language',
      'theme',
      'baseline',
      'min_sample',
      'vanity',
      'state',
      'actual',
      'expected',
      'n',
      'rule',
      'changes_after_start',
      'synthetic',
    ],
    o.objectives.map((x) => [
      x.id,
      x.metric,
      x.target,
      x.windowFrom,
      x.windowTo,
      x.channelId,
      x.language,
      x.themeKey,
      x.baseline,
      x.minSample,
      x.vanity,
      x.evaluation.state,
      x.evaluation.actual,
      x.evaluation.expected,
      x.evaluation.n,
      x.evaluation.rule,
      x.changes.filter((c) => c.afterStart && c.kind !== 'created').length,
      o.synthetic,
    ]),
  );
}

export function decisionsCsv(decisions: DecisionView[]): string {
  return toCsv(
    ['decision_id', 'campaign_id', 'at', 'what', 'why', 'recorded_at'],
    decisions.map((d) => [d.id, d.campaignId, d.at, d.what, d.why, d.recordedAt]),
  );
}
