import type { Database, Executor } from './database.js';

/**
 * The name for statements built once and run many times. Empty on purpose: node-postgres then
 * sends it as PostgreSQL's unnamed statement, planned anew for each execution's values (a named
 * statement may switch to one generic plan after five runs, which a filter as selective as a rare
 * status or a single channel must not get). What is saved is drizzle building the SQL each time.
 */
export const REPLANNED = '';

type Values = Record<string, unknown>;

/** A drizzle query with `sql.placeholder`s: built and run at once, or prepared for many runs. */
interface PlaceholderQuery<R> {
  execute(values: Values): Promise<R>;
  prepare(name: string): { execute(values: Values): Promise<R> };
}

/**
 * A read by placeholders, built once per process on the pool and afresh inside a transaction (a
 * prepared drizzle query runs on the executor it was built on). Building even a lookup by id
 * costs drizzle 100–200 µs of CPU, more than PostgreSQL spends running it, and a post page makes
 * eight such reads; the repositories' helpers still take any executor, so a transaction reads
 * through the same statement text as a page.
 */
export class ReusedRead<V extends Values, R> {
  private onPool?: { execute(values: Values): Promise<R> };

  constructor(private readonly build: (executor: Executor) => PlaceholderQuery<R>) {}

  run(db: Database, executor: Executor, values: V): Promise<R> {
    if (executor !== db) return this.build(executor).execute(values);
    this.onPool ??= this.build(db).prepare(REPLANNED);
    return this.onPool.execute(values);
  }
}
