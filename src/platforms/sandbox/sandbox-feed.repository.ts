import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, gte, inArray, isNull, lt } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database.js';
import { sandboxPosts } from '../../db/schema/index.js';

export type SandboxPostRow = typeof sandboxPosts.$inferSelect;

@Injectable()
export class SandboxFeedRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async insert(values: typeof sandboxPosts.$inferInsert): Promise<SandboxPostRow> {
    const [row] = await this.db.insert(sandboxPosts).values(values).returning();
    return row!;
  }

  async markDeleted(channelId: string, externalId: string): Promise<void> {
    await this.db
      .update(sandboxPosts)
      .set({ deletedAt: new Date() })
      .where(and(eq(sandboxPosts.channelId, channelId), eq(sandboxPosts.externalId, externalId)));
  }

  since(channelId: string, since: Date): Promise<SandboxPostRow[]> {
    return this.db
      .select()
      .from(sandboxPosts)
      .where(
        and(
          eq(sandboxPosts.channelId, channelId),
          gte(sandboxPosts.createdAt, since),
          isNull(sandboxPosts.deletedAt),
        ),
      )
      .orderBy(desc(sandboxPosts.id));
  }

  byExternalIds(externalIds: readonly string[]): Promise<SandboxPostRow[]> {
    if (externalIds.length === 0) return Promise.resolve([]);
    return this.db
      .select()
      .from(sandboxPosts)
      .where(inArray(sandboxPosts.externalId, [...externalIds]));
  }

  /** The feed, newest first, optionally for one channel. */
  feed(options: {
    channelId?: string;
    beforeId?: number;
    limit: number;
  }): Promise<SandboxPostRow[]> {
    return this.db
      .select()
      .from(sandboxPosts)
      .where(
        and(
          options.channelId ? eq(sandboxPosts.channelId, options.channelId) : undefined,
          options.beforeId !== undefined ? lt(sandboxPosts.id, options.beforeId) : undefined,
        ),
      )
      .orderBy(desc(sandboxPosts.id))
      .limit(options.limit);
  }
}
