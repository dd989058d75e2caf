import type pg from 'pg';

/**
 * A table's write and read counters: rows inserted and updated and how many of the updates were
 * in place (HOT), rows read (sequentially and through its indexes) and index scans begun.
 */
interface TableCounters {
  inserted: number;
  updated: number;
  inPlace: number;
  /** Indexes on the table: a row version written outside its page is entered in each. */
  indexes: number;
  rowsRead: number;
  /** Index scans begun (an index-only lookup reads no heap row, so only this counts it). */
  lookups: number;
}

export type TableCounts = Map<string, TableCounters>;

/**
 * The scratch database's counters per table (`pg_stat_user_tables`). PostgreSQL counts them when
 * a transaction ends, and an idle backend reports them up to 10 s late: read them after the same
 * wait as the commit count.
 */
export async function tableCounts(pool: pg.Pool): Promise<TableCounts> {
  const { rows } = await pool.query<{
    table: string;
    inserted: string;
    updated: string;
    in_place: string;
    indexes: number;
    rows_read: string;
    lookups: string;
  }>(
    `SELECT t.relname AS table, t.n_tup_ins AS inserted, t.n_tup_upd AS updated,
       t.n_tup_hot_upd AS in_place,
       (SELECT count(*)::int FROM pg_index i WHERE i.indrelid = t.relid) AS indexes,
       t.seq_tup_read + coalesce(t.idx_tup_fetch, 0) AS rows_read,
       coalesce(t.idx_scan, 0) AS lookups
     FROM pg_stat_user_tables t`,
  );
  return new Map(
    rows.map((r) => [
      r.table,
      {
        inserted: Number(r.inserted),
        updated: Number(r.updated),
        inPlace: Number(r.in_place),
        indexes: r.indexes,
        rowsRead: Number(r.rows_read),
        lookups: Number(r.lookups),
      },
    ]),
  );
}

export interface TableWritesPerPost {
  table: string;
  inserted: number;
  updated: number;
  /** Share of the updates that stayed on their page and wrote no index entry (HOT). */
  inPlaceShare: number;
}

/**
 * What PostgreSQL wrote for each published post between two readings: the machine's speed does
 * not move these figures, so they compare two builds where CPU time cannot. Index entries count
 * every index of the table for each inserted row and each update that left its page; a partial
 * index skips rows outside its predicate, so the figure is an upper bound.
 */
export function writesPerPost(
  before: TableCounts,
  after: TableCounts,
  posts: number,
): { tables: TableWritesPerPost[]; indexEntries: number } {
  const tables: TableWritesPerPost[] = [];
  let indexEntries = 0;
  for (const [table, now] of after) {
    const was = before.get(table) ?? { inserted: 0, updated: 0, inPlace: 0 };
    const inserted = now.inserted - was.inserted;
    const updated = now.updated - was.updated;
    const inPlace = now.inPlace - was.inPlace;
    if (inserted + updated === 0) continue;
    indexEntries += (inserted + updated - inPlace) * now.indexes;
    tables.push({
      table,
      inserted: inserted / posts,
      updated: updated / posts,
      inPlaceShare: updated === 0 ? 0 : inPlace / updated,
    });
  }
  tables.sort((a, b) => b.inserted + b.updated - (a.inserted + a.updated));
  return { tables, indexEntries: indexEntries / posts };
}

/** The tables' rows per post on one line: "posts 2.00 updated (0 % in place); audit_events 1.00 inserted". */
export function describeWrites(tables: readonly TableWritesPerPost[]): string {
  return tables
    .map((t) => {
      const parts: string[] = [];
      if (t.inserted > 0) parts.push(`${t.inserted.toFixed(2)} inserted`);
      if (t.updated > 0)
        parts.push(
          `${t.updated.toFixed(2)} updated (${Math.round(100 * t.inPlaceShare)} % in place)`,
        );
      return `${t.table} ${parts.join(', ')}`;
    })
    .join('; ');
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
  before: TableCounts,
  after: TableCounts,
  posts: number,
): TableReadsPerPost[] {
  return [...after]
    .map(([table, now]) => {
      const was = before.get(table) ?? { rowsRead: 0, lookups: 0 };
      return {
        table,
        rows: (now.rowsRead - was.rowsRead) / posts,
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
