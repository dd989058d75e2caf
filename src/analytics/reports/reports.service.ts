import { Injectable } from '@nestjs/common';
import { DecisionsRepository } from '../decisions/decisions.repository.js';
import { figuresOf, fixedLabel, NO_FIGURES, rankGroups, isInsufficient } from './report-figures.js';
import {
  checkpointLabel,
  type ComparedGroup,
  type GroupBy,
  type GroupedReport,
  type Interval,
  type PeriodComparison,
  type PostMetricsRow,
  type RankBy,
  type ReportFilter,
  type TimeSeries,
  type TopPosts,
  type TopPostsBy,
} from './report-model.js';
import { type GroupedRows, type KeyedFigureRow, ReportsRepository } from './reports.repository.js';

export interface GroupOptions {
  groupBy: GroupBy;
  minSample: number;
  rankBy: RankBy;
}

/** Reports over published posts' metrics; every figure carries its sample size. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly decisions: DecisionsRepository,
  ) {}

  async grouped(filter: ReportFilter, options: GroupOptions): Promise<GroupedReport> {
    const { total, groups: rows } = await this.reports.grouped(filter, options.groupBy);
    const labels = await this.labelled(options.groupBy, rows);
    return {
      groupBy: options.groupBy,
      at: checkpointLabel(filter.at),
      minSample: options.minSample,
      rankBy: options.rankBy,
      synthetic: total.synthetic,
      total: figuresOf(total),
      groups: rankGroups(
        rows.map((row) => ({ key: row.key, label: labels(row.key), figures: figuresOf(row) })),
        options.groupBy,
        options.rankBy,
        options.minSample,
      ),
    };
  }

  async timeSeries(
    filter: ReportFilter,
    options: { interval: Interval; timezone: string },
  ): Promise<TimeSeries> {
    const [rows, decisions] = await Promise.all([
      this.reports.series(filter, options.interval, options.timezone),
      this.decisions.list({ campaignId: filter.campaignId, from: filter.from, to: filter.to }),
    ]);
    return {
      interval: options.interval,
      timezone: options.timezone,
      at: checkpointLabel(filter.at),
      synthetic: rows.some((r) => r.synthetic),
      points: rows.map((row) => ({ start: row.key, figures: figuresOf(row) })),
      decisions: decisions.map((d) => ({
        id: d.id,
        campaignId: d.campaignId,
        at: d.at,
        what: d.what,
        why: d.why,
      })),
    };
  }

  /** Two periods over the same filters; with `groupBy`, each group in both. */
  async compare(
    filter: ReportFilter,
    options: {
      a: { from: Date; to: Date };
      b: { from: Date; to: Date };
      groupBy: GroupBy | null;
      minSample: number;
    },
  ): Promise<PeriodComparison> {
    const inA = { ...filter, ...options.a };
    const inB = { ...filter, ...options.b };
    const inPeriod = (f: ReportFilter): Promise<GroupedRows> =>
      options.groupBy
        ? this.reports.grouped(f, options.groupBy)
        : this.reports.totals(f).then((total) => ({ total, groups: [] }));
    const [{ total: totalA, groups: rowsA }, { total: totalB, groups: rowsB }] = await Promise.all([
      inPeriod(inA),
      inPeriod(inB),
    ]);
    let groups: ComparedGroup[] = [];
    if (options.groupBy) {
      const byKey = (rows: KeyedFigureRow[]) => new Map(rows.map((r) => [r.key, figuresOf(r)]));
      const [a, b] = [byKey(rowsA), byKey(rowsB)];
      const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
      const labels = await this.labelled(options.groupBy, [...rowsA, ...rowsB]);
      groups = keys.map((key) => {
        const [fa, fb] = [a.get(key) ?? NO_FIGURES, b.get(key) ?? NO_FIGURES];
        return {
          key,
          label: labels(key),
          a: fa,
          b: fb,
          insufficient:
            isInsufficient(fa, 'engagement_rate', options.minSample) ||
            isInsufficient(fb, 'engagement_rate', options.minSample),
        };
      });
    }
    return {
      at: checkpointLabel(filter.at),
      minSample: options.minSample,
      synthetic: totalA.synthetic || totalB.synthetic,
      a: { ...options.a, figures: figuresOf(totalA) },
      b: { ...options.b, figures: figuresOf(totalB) },
      groupBy: options.groupBy,
      groups,
    };
  }

  async topPosts(
    filter: ReportFilter,
    options: { order: 'top' | 'bottom'; by: TopPostsBy; limit: number },
  ): Promise<TopPosts> {
    const items = await this.reports.posts(filter, options);
    return {
      at: checkpointLabel(filter.at),
      order: options.order,
      by: options.by,
      synthetic: items.some((i) => i.synthetic),
      items,
    };
  }

  /** Every post's metrics under the filters, oldest first (the per-post export). */
  postMetrics(filter: ReportFilter): Promise<PostMetricsRow[]> {
    return this.reports.posts(filter, {});
  }

  private async labelled(groupBy: GroupBy, rows: KeyedFigureRow[]) {
    const stored = await this.reports.labels(groupBy, [...new Set(rows.map((r) => r.key))]);
    return (key: string) => stored.get(key) ?? fixedLabel(groupBy, key);
  }
}
