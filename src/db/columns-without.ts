import { getTableColumns, type Table } from 'drizzle-orm';

/**
 * A table's columns for `select()`, but for `omitted`: columns that only the database reads (a
 * search vector) or that one module keeps for itself (the audit log's transaction).
 */
export function columnsWithout<T extends Table, K extends keyof T['_']['columns']>(
  table: T,
  ...omitted: K[]
): Omit<T['_']['columns'], K> {
  const skip = new Set<PropertyKey>(omitted);
  return Object.fromEntries(
    Object.entries(getTableColumns(table)).filter(([name]) => !skip.has(name)),
  ) as Omit<T['_']['columns'], K>;
}
