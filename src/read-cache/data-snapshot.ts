import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { Coalescer } from '../common/coalescer.js';
import { PG_POOL } from '../db/database.js';

/**
 * Whether snapshot `a` was provably taken before snapshot `b`. `xmax` is one past the newest
 * finished transaction, which only grows, so a snapshot with a smaller `xmax` is the older one.
 * Equal `xmax` proves nothing either way (only the in-progress lists differ).
 */
export function takenBefore(a: string, b: string): boolean {
  const xmax = (snapshot: string) => BigInt(snapshot.split(':')[1] ?? '0');
  return xmax(a) < xmax(b);
}

/**
 * Which committed database state a read would see, as PostgreSQL's own snapshot text
 * (`xmin:xmax:in-progress xids`). Two reads with the same text see exactly the same data: a
 * write needs a transaction id, which moves `xmax` on for good, and a commit takes its id out of
 * the in-progress list. So an answer computed after taking snapshot S is still the answer while
 * the snapshot is S, across every process that writes, with no notification to wait for.
 *
 * Reads share snapshot queries, but only queries sent after they arrived: a query already on its
 * way may see the database as it was before a write whose commit the reader has been told of (it
 * wrote, then read), so a read arriving meanwhile waits for the next query, which every read
 * arriving until it is sent joins (the Coalescer's batches, one in flight). Under load reads no
 * longer queue for the pool's connections one by one.
 */
@Injectable()
export class DataSnapshot {
  private readonly queries = new Coalescer<void, string>(
    async (reads) => {
      const snapshot = await this.query();
      return reads.map(() => snapshot);
    },
    { maxInFlight: 1, maxBatch: Number.POSITIVE_INFINITY },
  );

  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  current(): Promise<string> {
    return this.queries.call();
  }

  private async query(): Promise<string> {
    const { rows } = await this.pool.query<[string]>({
      name: 'read_cache_snapshot',
      text: 'SELECT pg_current_snapshot()::text',
      rowMode: 'array',
    });
    return rows[0]![0];
  }
}
