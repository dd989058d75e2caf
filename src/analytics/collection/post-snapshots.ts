import { checkpointsOf, dueAt, dueCheckpoints, isLate } from './checkpoints.js';
import type { SnapshotRow } from './collection.repository.js';

export interface MetricCounts {
  impressions: number | null;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  bookmarks: number;
}

export interface CheckpointCurvePoint {
  checkpointHours: number;
  dueAt: Date;
  state: 'taken' | 'due' | 'upcoming';
  takenAt: Date | null;
  late: boolean;
  complete: boolean;
  synthetic: boolean;
  total: MetricCounts | null;
  segments: SnapshotRow[];
}

/** A thread's totals: the sum over its segments; impressions only when every segment has them. */
export function threadTotal(rows: readonly MetricCounts[]): MetricCounts | null {
  if (rows.length === 0) return null;
  const sum = (pick: (r: MetricCounts) => number) => rows.reduce((n, r) => n + pick(r), 0);
  return {
    impressions: rows.every((r) => r.impressions !== null) ? sum((r) => r.impressions ?? 0) : null,
    likes: sum((r) => r.likes),
    reposts: sum((r) => r.reposts),
    replies: sum((r) => r.replies),
    quotes: sum((r) => r.quotes),
    bookmarks: sum((r) => r.bookmarks),
  };
}

/**
 * A post's curve: every checkpoint of its campaign (and any read under an earlier setting),
 * whether taken, due or upcoming, with per-segment readings and the thread's sum.
 */
export function snapshotCurve(
  post: { publishedAt: Date | null; externalIds: readonly string[] },
  campaignCheckpoints: readonly number[] | null,
  rows: readonly SnapshotRow[],
  now: Date,
): CheckpointCurvePoint[] {
  const byCheckpoint = Map.groupBy(rows, (r) => r.checkpointHours);
  const hours = [...new Set([...checkpointsOf(campaignCheckpoints), ...byCheckpoint.keys()])].sort(
    (a, b) => a - b,
  );
  const { publishedAt } = post;
  if (!publishedAt) return [];
  const due = new Set(dueCheckpoints(publishedAt, hours, new Set(byCheckpoint.keys()), now));
  return hours.map((h) => {
    const segments = byCheckpoint.get(h) ?? [];
    const takenAt = segments.length
      ? new Date(Math.max(...segments.map((s) => s.takenAt.getTime())))
      : null;
    return {
      checkpointHours: h,
      dueAt: dueAt(publishedAt, h),
      state: takenAt ? 'taken' : due.has(h) ? 'due' : 'upcoming',
      takenAt,
      late: takenAt !== null && isLate(publishedAt, h, takenAt),
      complete: segments.length >= Math.max(1, post.externalIds.length),
      synthetic: segments.some((s) => s.synthetic),
      total: threadTotal(segments),
      segments,
    };
  });
}
