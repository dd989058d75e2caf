import { getTableColumns, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './database.js';

/**
 * INSERT … ON CONFLICT DO NOTHING of many rows in one statement whose rows travel as a single
 * jsonb parameter, unpacked by jsonb_to_recordset. Drizzle's multi-row insert builds every value
 * of every row into the statement: for the thousands of notifications a publishing burst's sweep
 * writes, that building cost the worker more CPU than PostgreSQL spent on the insert (bench
 * publish, CPU profile), and a statement may carry at most 65,535 parameters.
 *
 * A column is written when any row carries a value for it (a row without one writes NULL there);
 * columns no row carries take their database default. Values go as JSON (dates as ISO strings), so
 * only columns whose type reads its value back from JSON text fit.
 * Returns the `returning` column of the inserted rows as the driver gives it (bigint as a string),
 * in the rows' order.
 */
export async function insertRows<T extends PgTable>(
  tx: Executor,
  table: T,
  rows: readonly T['$inferInsert'][],
  returning?: keyof T['_']['columns'] & string,
): Promise<unknown[]> {
  if (rows.length === 0) return [];
  const columns = getTableColumns(table);
  const keys = [
    ...new Set(
      rows.flatMap((row) =>
        Object.entries(row as Record<string, unknown>).flatMap(([key, value]) =>
          value === undefined ? [] : [key],
        ),
      ),
    ),
  ];
  const names = sql.raw(keys.map((key) => `"${columns[key]!.name}"`).join(', '));
  const types = sql.raw(
    keys.map((key) => `"${columns[key]!.name}" ${columns[key]!.getSQLType()}`).join(', '),
  );
  const values = rows.map((row) =>
    Object.fromEntries(
      keys.map((key) => [columns[key]!.name, (row as Record<string, unknown>)[key] ?? null]),
    ),
  );
  const returned = returning ? sql.raw(` RETURNING "${columns[returning]!.name}" AS v`) : sql``;
  const result = await tx.execute<{ v: unknown }>(sql`
    INSERT INTO ${table} (${names})
    SELECT ${names} FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb) AS r(${types})
    ON CONFLICT DO NOTHING${returned}`);
  return result.rows.map((row) => row.v);
}
