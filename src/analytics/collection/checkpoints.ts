/** Hours after publishing at which a post's metrics are read, unless its campaign says otherwise. */
export const DEFAULT_CHECKPOINT_HOURS: readonly number[] = [1, 6, 24, 72, 168, 720];

const HOUR_MS = 3_600_000;
/** The collector runs every few minutes; being this much behind is normal, not late. */
const ON_TIME_MS = 30 * 60_000;

/** The checkpoints a campaign uses: its own list, or the default set. */
export function checkpointsOf(campaignCheckpoints: readonly number[] | null): readonly number[] {
  return campaignCheckpoints?.length ? campaignCheckpoints : DEFAULT_CHECKPOINT_HOURS;
}

export function dueAt(publishedAt: Date, checkpointHours: number): Date {
  return new Date(publishedAt.getTime() + checkpointHours * HOUR_MS);
}

/**
 * The checkpoints at which a post is due and not yet read. A checkpoint missed for long (the
 * collector was down) is still due: a late reading, marked late, beats a hole in the curve.
 */
export function dueCheckpoints(
  publishedAt: Date,
  checkpoints: readonly number[],
  taken: ReadonlySet<number>,
  now: Date,
): number[] {
  return checkpoints.filter(
    (h) => !taken.has(h) && dueAt(publishedAt, h).getTime() <= now.getTime(),
  );
}

/**
 * A reading is late when it was taken more than 10 % of the checkpoint's interval after it was
 * due (at least 30 minutes): +1 h read after +1 h 30 min, +7 d read after +7 d 16.8 h.
 */
export function isLate(publishedAt: Date, checkpointHours: number, takenAt: Date): boolean {
  const tolerance = Math.max(ON_TIME_MS, checkpointHours * HOUR_MS * 0.1);
  return takenAt.getTime() - dueAt(publishedAt, checkpointHours).getTime() > tolerance;
}
