import type pg from 'pg';

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

export interface ExecutedPlan {
  /** The statement's first words, enough to tell which one it was. */
  statement: string;
  plan: PlanNode;
}

/** What one plan node read from a table: its rows kept or thrown away, over every loop. */
export interface TableRead {
  table: string;
  node: string;
  rows: number;
}

/** Every node of a plan, the root first. */
export function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

/**
 * What each node read from a table, rows and index entries alike: a bitmap index scan under a
 * bitmap heap scan (alone, or combined by BitmapAnd/BitmapOr) reads its table's index, and every
 * entry it returns is read, even when the heap scan keeps few rows: the entries of an index on a
 * column most rows share, or of rows long dead.
 */
export function tableReadsOf(plan: PlanNode, table?: string): TableRead[] {
  const relation =
    plan['Relation Name'] ?? (plan['Node Type'] === 'Bitmap Index Scan' ? table : undefined);
  const own: TableRead[] = relation
    ? [
        {
          table: relation,
          node: [plan['Node Type'], plan['Index Name']].filter(Boolean).join(' using '),
          rows:
            ((plan['Actual Rows'] ?? 0) +
              (plan['Rows Removed by Filter'] ?? 0) +
              (plan['Rows Removed by Index Recheck'] ?? 0)) *
            (plan['Actual Loops'] ?? 1),
        },
      ]
    : [];
  // A bitmap heap scan's inputs are its table's bitmap index scans.
  const inherited = plan['Node Type'] === 'Bitmap Heap Scan' ? plan['Relation Name'] : table;
  return [
    ...own,
    ...(plan.Plans ?? []).flatMap((child) =>
      tableReadsOf(child, child['Node Type'].startsWith('Bitmap') ? inherited : undefined),
    ),
  ];
}

/**
 * The plans PostgreSQL runs for `client` from now on, with the rows each node read and threw
 * away: auto_explain on that connection alone, reporting every statement as JSON at NOTICE level.
 * `since(mark)` gives the plans of the statements run after `mark()` was taken.
 */
export async function watchExecutedPlans(client: pg.Client): Promise<{
  mark: () => number;
  since: (mark: number) => ExecutedPlan[];
}> {
  const notices: string[] = [];
  client.on('notice', (notice) => notices.push(notice.message ?? ''));
  for (const setting of [
    `LOAD 'auto_explain'`,
    `SET auto_explain.log_min_duration = 0`,
    `SET auto_explain.log_analyze = on`,
    `SET auto_explain.sample_rate = 1`,
    `SET auto_explain.log_format = json`,
    `SET auto_explain.log_level = notice`,
    `SET client_min_messages = notice`,
  ])
    await client.query(setting);
  return {
    mark: () => notices.length,
    since: (mark) =>
      notices.slice(mark).map((notice) => {
        const explained = JSON.parse(notice.slice(notice.indexOf('{'))) as {
          'Query Text': string;
          Plan: PlanNode;
        };
        return {
          statement: explained['Query Text'].replace(/\s+/g, ' ').trim().slice(0, 60),
          plan: explained.Plan,
        };
      }),
  };
}
