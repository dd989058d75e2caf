import { sql, type SQL } from 'drizzle-orm';

/**
 * Several queries of one row each (an aggregate without GROUP BY) sent as one statement: each
 * row carries `i`, its query's place in the list, since UNION ALL promises no order.
 */
export const eachInOne = (queries: readonly SQL[]): SQL =>
  sql.join(
    queries.map((query, i) => sql`SELECT ${i}::int AS i, one.* FROM (${query}) one`),
    sql` UNION ALL `,
  );

/** The rows of an `eachInOne` statement in the order of its `count` queries. */
export function inPlace<R extends { i: number }>(
  rows: readonly R[],
  count: number,
): (R | undefined)[] {
  const byPlace = new Map(rows.map((row) => [row.i, row]));
  return Array.from({ length: count }, (_, i) => byPlace.get(i));
}
