import { type AnyColumn, sql, type SQL } from 'drizzle-orm';

/**
 * `column = any($1)`: the values travel as one array parameter. `inArray` sends one parameter
 * per value, each of which drizzle builds into the statement on every call; for the hundred-odd
 * ids a page or the review queue asks about, that building cost more than the query.
 * PostgreSQL takes the array's type from the column. Callers skip the query for no values.
 */
export const anyOf = (column: AnyColumn, values: readonly unknown[]): SQL =>
  sql`${column} = any(${sql.param(values)})`;

/** `anyOf` in a statement built once (ReusedRead, a prepared list): the values come as `name`. */
export const anyOfPlaceholder = (column: AnyColumn, name: string): SQL =>
  sql`${column} = any(${sql.placeholder(name)})`;
