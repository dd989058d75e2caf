import type pg from 'pg';

/** Rows a table has had read, sequentially and through its indexes, and its index lookups. */
interface TableReadCounters {
  rows: number;
  lookups: number;
}

export type TableReads = Map<string, TableReadCounters>;

/**
 * The scratch database's read counters per table (`pg_stat_user_tables`), reported when a
 * transaction ends, as the write counters are (table-writes.ts): read after the same wait.
 */
export async function tableReads(pool: pg.Pool): Promise<TableReads> {
  const { rows } = await pool.query<{ table: string; rows: string; lookups: string }>(
    `SELECT relname AS table, seq_tup_read + coalesce(idx_tup_fetch, 0) AS rows,
       coalesce(idx_scan, 0) AS lookups
     FROM pg_stat_user_tables`,
  );
  return new Map(rows.map((r) => [r.table, { rows: Number(r.rows), lookups: Number(r.lookups) }]));
}

export interface TableReadsPerPost {
  table: string;
  /** Rows read from the table's heap, by sequential scans and through its indexes. */
  rows: number;
  /** Index scans begun (an index-only lookup reads no heap row, so only this counts it). */
  lookups: number;
}

/**
 * What PostgreSQL read for each published post between two readings, most rows first. Like the
 * rows written, the machine's speed does not move these figures; a statement whose plan reads a
 * table's history shows here as rows that grow from one burst to the next.
 */
export function readsPerPost(
  before: TableReads,
  after: TableReads,
  posts: number,
): TableReadsPerPost[] {
  return [...after]
    .map(([table, now]) => {
      const was = before.get(table) ?? { rows: 0, lookups: 0 };
      return {
        table,
        rows: (now.rows - was.rows) / posts,
        lookups: (now.lookups - was.lookups) / posts,
      };
    })
    .filter((t) => t.rows >= 0.05 || t.lookups >= 0.05)
    .sort((a, b) => b.rows - a.rows);
}

/** The tables' reads per post on one line: "posts 36.0 rows, 7.2 lookups; audit_events …". */
export const describeReads = (tables: readonly TableReadsPerPost[]): string =>
  tables
    .map((t) => `${t.table} ${t.rows.toFixed(1)} rows, ${t.lookups.toFixed(1)} lookups`)
    .join('; ');
