import { type AnyColumn, sql, type SQL } from 'drizzle-orm';

/**
 * `column = any($1)`: the values travel as one array parameter. `inArray` sends one parameter
 * per value, each of which drizzle builds into the statement on every call; for the hundred-odd
 * ids a page or the review queue asks about, that building cost more than the query.
 * PostgreSQL takes the array's type from the column. Callers skip the query for no values, or
 * get no rows. `column` may be an aliased column of hand-written SQL (`sql\`p.id\``).
 *
 * A batch statement that joins a table to a recordset parameter (jsonb_to_recordset) names its
 * rows this way too: planned from the recordset's guess of 100 rows against a table whose
 * statistics lag behind it (a publishing burst grows posts, attempts and audit events faster than
 * autovacuum analyzes them), the join hashed the recordset and read the whole table. The key
 * array gives the planner the rows' true number and an index to find them by.
 */
export const anyOf = (column: AnyColumn | SQL, values: readonly unknown[]): SQL =>
  sql`${column} = any(${sql.param(values)})`;

/** `anyOf` in a statement built once (ReusedRead, a prepared list): the values come as `name`. */
export const anyOfPlaceholder = (column: AnyColumn, name: string): SQL =>
  sql`${column} = any(${sql.placeholder(name)})`;
