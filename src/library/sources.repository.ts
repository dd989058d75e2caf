import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { olderThan } from '../db/older-than.js';
import { sources } from '../db/schema/index.js';

export type SourceRow = typeof sources.$inferSelect;
export type NewSource = Omit<typeof sources.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

@Injectable()
export class SourcesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async findById(id: string, tx: Executor = this.db): Promise<SourceRow | undefined> {
    const [row] = await tx.select().from(sources).where(eq(sources.id, id));
    return row;
  }

  async findByUrl(url: string, tx: Executor = this.db): Promise<SourceRow | undefined> {
    const [row] = await tx.select().from(sources).where(eq(sources.url, url));
    return row;
  }

  findByIds(ids: string[], tx: Executor = this.db): Promise<SourceRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return tx.select().from(sources).where(inArray(sources.id, ids));
  }

  findByUrls(urls: string[], tx: Executor = this.db): Promise<SourceRow[]> {
    if (urls.length === 0) return Promise.resolve([]);
    return tx.select().from(sources).where(inArray(sources.url, urls));
  }

  /** Undefined when another source already has this url. */
  async insert(tx: Executor, source: NewSource): Promise<SourceRow | undefined> {
    const [row] = await tx
      .insert(sources)
      .values(source)
      .onConflictDoNothing({ target: sources.url })
      .returning();
    return row;
  }

  async update(tx: Executor, id: string, changes: Partial<NewSource>): Promise<SourceRow> {
    const [row] = await tx
      .update(sources)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(sources.id, id))
      .returning();
    return row!;
  }

  list(options: {
    text?: string;
    before?: { createdAt: Date; id: string };
    limit: number;
  }): Promise<SourceRow[]> {
    const conditions: (SQL | undefined)[] = [];
    if (options.text) {
      const pattern = `%${options.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      conditions.push(
        or(
          ilike(sources.outlet, pattern),
          ilike(sources.title, pattern),
          ilike(sources.url, pattern),
        ),
      );
    }
    const b = options.before;
    if (b) {
      conditions.push(olderThan(sources.createdAt, sources.id, b));
    }
    return this.db
      .select()
      .from(sources)
      .where(and(...conditions))
      .orderBy(desc(sources.createdAt), desc(sources.id))
      .limit(options.limit);
  }
}
