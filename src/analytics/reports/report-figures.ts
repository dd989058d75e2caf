import type { Figures, GroupBy, RankBy, ReportGroup } from './report-model.js';

/** One row of `FIGURE_COLUMNS` as PostgreSQL returns it. */
export interface FigureRow {
  posts: number;
  known: number;
  impressions: number | null;
  engagements: number | null;
  known_engagements: number | null;
  likes: number | null;
  reposts: number | null;
  replies: number | null;
  quotes: number | null;
  bookmarks: number | null;
  median_impressions: number | null;
  median_engagements: number | null;
  synthetic: boolean;
}

/** Engagements per 1,000 impressions; null without impressions to divide by. */
export function engagementRate(engagements: number, impressions: number | null): number | null {
  return impressions === null || impressions <= 0
    ? null
    : Math.round((engagements / impressions) * 1000 * 100) / 100;
}

export function figuresOf(row: FigureRow): Figures {
  const posts = Number(row.posts);
  const known = Number(row.known);
  const over = (value: number | null, n: number) => ({
    value: n === 0 || value === null ? null : Number(value),
    n,
  });
  return {
    posts,
    impressionsKnownPosts: known,
    impressions: over(row.impressions, known),
    engagements: over(row.engagements, posts),
    likes: over(row.likes, posts),
    reposts: over(row.reposts, posts),
    replies: over(row.replies, posts),
    quotes: over(row.quotes, posts),
    bookmarks: over(row.bookmarks, posts),
    medianImpressions: over(row.median_impressions, known),
    medianEngagements: over(row.median_engagements, posts),
    engagementRate: {
      value:
        known === 0 ? null : engagementRate(Number(row.known_engagements ?? 0), row.impressions),
      n: known,
    },
  };
}

/** The figures of no posts: a count of zero and nothing else. */
export const NO_FIGURE_ROW: FigureRow = {
  posts: 0,
  known: 0,
  impressions: null,
  engagements: null,
  known_engagements: null,
  likes: null,
  reposts: null,
  replies: null,
  quotes: null,
  bookmarks: null,
  median_impressions: null,
  median_engagements: null,
  synthetic: false,
};

export const NO_FIGURES: Figures = figuresOf(NO_FIGURE_ROW);

function rankingFigure(figures: Figures, rankBy: RankBy) {
  switch (rankBy) {
    case 'engagement_rate':
      return figures.engagementRate;
    case 'median_engagements':
      return figures.medianEngagements;
    case 'median_impressions':
      return figures.medianImpressions;
  }
}

/** Groups whose ranking figure rests on fewer posts than `minSample` are shown but not ranked. */
export function isInsufficient(figures: Figures, rankBy: RankBy, minSample: number): boolean {
  const figure = rankingFigure(figures, rankBy);
  return figure.n < minSample || figure.value === null;
}

/** Dimensions read in clock order, as a chart of the week or the day shows them. */
const NATURAL_ORDER: readonly GroupBy[] = ['weekday', 'hour'];

/**
 * Ranks the sufficient groups by the ranking figure (1 = best); insufficient ones get no rank.
 * Weekdays and hours stay in clock order, the rest in rank order with the unranked last.
 */
export function rankGroups(
  groups: Omit<ReportGroup, 'insufficient' | 'rank'>[],
  groupBy: GroupBy,
  rankBy: RankBy,
  minSample: number,
): ReportGroup[] {
  const marked = groups.map((g) => ({
    ...g,
    insufficient: isInsufficient(g.figures, rankBy, minSample),
    rank: null as number | null,
  }));
  const ranked = marked
    .filter((g) => !g.insufficient)
    .sort(
      (a, b) =>
        (rankingFigure(b.figures, rankBy).value ?? 0) -
          (rankingFigure(a.figures, rankBy).value ?? 0) || a.key.localeCompare(b.key),
    );
  ranked.forEach((g, i) => (g.rank = i + 1));
  if (NATURAL_ORDER.includes(groupBy)) return marked.sort((a, b) => Number(a.key) - Number(b.key));
  const unranked = marked
    .filter((g) => g.insufficient)
    .sort((a, b) => b.figures.posts - a.figures.posts || a.key.localeCompare(b.key));
  return [...ranked, ...unranked];
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Labels of the dimensions whose keys say it all. */
export function fixedLabel(groupBy: GroupBy, key: string): string {
  switch (groupBy) {
    case 'weekday':
      return WEEKDAYS[Number(key) - 1] ?? key;
    case 'hour':
      return `${key.padStart(2, '0')}:00`;
    case 'format':
      return key === 'thread' ? 'Thread' : 'Single post';
    default:
      return key;
  }
}
