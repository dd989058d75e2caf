/** `items` in runs of at most `size`, in order. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const runs: T[][] = [];
  for (let i = 0; i < items.length; i += size) runs.push(items.slice(i, i + size));
  return runs;
}

/**
 * Rows per multi-row INSERT: a statement carries at most 65,535 parameters, and the fan-out's
 * widest row (a webhook delivery) binds fewer than 10.
 */
export const INSERT_CHUNK = 2_000;
