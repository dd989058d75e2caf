/**
 * Rows per multi-row INSERT: a statement carries at most 65,535 parameters, and the widest row
 * written in chunks (a webhook delivery) binds fewer than 10.
 */
const INSERT_CHUNK = 2_000;

/**
 * Writes `rows` with `insert`, at most INSERT_CHUNK a statement, in order, and returns what the
 * statements returned; no statement for no rows.
 */
export async function insertInChunks<T, R>(
  rows: readonly T[],
  insert: (chunk: T[]) => Promise<R[]>,
): Promise<R[]> {
  const returned: R[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK)
    returned.push(...(await insert(rows.slice(i, i + INSERT_CHUNK))));
  return returned;
}
