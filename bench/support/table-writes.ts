import type pg from 'pg';

/** Rows a table has had inserted and updated, and how many of the updates were in place (HOT). */
interface TableCounters {
  inserted: number;
  updated: number;
  inPlace: number;
  /** Indexes on the table: a row version written outside its page is entered in each. */
  indexes: number;
}

export type TableWrites = Map<string, TableCounters>;

/**
 * The scratch database's write counters per table. PostgreSQL counts them when a transaction
 * ends, and an idle backend reports them up to 10 s late: read them after the same wait as the
 * commit count.
 */
export async function tableWrites(pool: pg.Pool): Promise<TableWrites> {
  const { rows } = await pool.query<{
    table: string;
    inserted: string;
    updated: string;
    in_place: string;
    indexes: number;
  }>(
    `SELECT t.relname AS table, t.n_tup_ins AS inserted, t.n_tup_upd AS updated,
       t.n_tup_hot_upd AS in_place,
       (SELECT count(*)::int FROM pg_index i WHERE i.indrelid = t.relid) AS indexes
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
  before: TableWrites,
  after: TableWrites,
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
