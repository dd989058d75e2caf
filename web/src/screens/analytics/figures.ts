import type { Schemas } from '../../api/client';

export type Figures = Schemas['FiguresDto'];
export type Figure = Schemas['FigureDto'];
export type ReportGroup = Schemas['ReportGroupDto'];
export type GroupedReport = Schemas['GroupedReportDto'];
export type TimeSeries = Schemas['TimeSeriesDto'];
export type PostMetrics = Schemas['PostMetricsDto'];

const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const tenths = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** 12,400 — or a dash where no post had the figure. */
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : whole.format(value);
}

/** Engagements per 1,000 impressions, to one decimal. */
export function formatRate(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : tenths.format(value);
}

/** "12,400 (n = 38)": every figure with the number of posts behind it. */
export function withSample(figure: Figure, format = formatCount): string {
  return `${format(figure.value)} (n = ${figure.n})`;
}

/** "a group of 3 posts is below the minimum of 5": said instead of a rank. */
export function insufficientNote(posts: number, minSample: number): string {
  return `Too few posts to compare (${posts} of at least ${minSample})`;
}
