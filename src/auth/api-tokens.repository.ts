import { Inject, Injectable } from '@nestjs/common';
import { and, count, desc, eq, gt, isNull, lt, or } from 'drizzle-orm';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { apiTokens, users } from '../db/schema/index.js';

export type ApiTokenRow = typeof apiTokens.$inferSelect;

const live = (createdSince: Date, now: Date) => [
  isNull(apiTokens.revokedAt),
  gt(apiTokens.expiresAt, now),
  gt(apiTokens.createdAt, createdSince),
];

@Injectable()
export class ApiTokensRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async insert(
    tx: Executor,
    token: {
      userId: string;
      name: string;
      tokenHash: string;
      prefix: string;
      expiresAt: Date;
    },
  ): Promise<ApiTokenRow> {
    const [row] = await tx.insert(apiTokens).values(token).returning();
    return row!;
  }

  /** An unrevoked, unexpired token created since `createdSince`, of an enabled user, or nothing. */
  async findLive(tokenHash: string, createdSince: Date, now: Date) {
    const [row] = await this.db
      .select({ token: apiTokens, user: users })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(
        and(
          eq(apiTokens.tokenHash, tokenHash),
          ...live(createdSince, now),
          isNull(users.disabledAt),
        ),
      );
    return row;
  }

  /** Recorded at most once a minute per token, so automation does not write on every call. */
  async touch(id: string, now: Date): Promise<void> {
    await this.db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiTokens.id, id),
          or(
            isNull(apiTokens.lastUsedAt),
            lt(apiTokens.lastUsedAt, new Date(now.getTime() - 60_000)),
          ),
        ),
      );
  }

  async findForUpdate(tx: Executor, id: string): Promise<ApiTokenRow | undefined> {
    const [row] = await tx.select().from(apiTokens).where(eq(apiTokens.id, id)).for('update');
    return row;
  }

  async revoke(tx: Executor, id: string, now: Date): Promise<ApiTokenRow> {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(eq(apiTokens.id, id))
      .returning();
    return row!;
  }

  async countLive(tx: Executor, userId: string, createdSince: Date, now: Date): Promise<number> {
    const [row] = await tx
      .select({ n: count() })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, userId), ...live(createdSince, now)));
    return row?.n ?? 0;
  }

  /** Revokes the user's unrevoked tokens; returns their ids. */
  async revokeAllForUser(tx: Executor, userId: string, now: Date): Promise<string[]> {
    const rows = await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    return rows.map((r) => r.id);
  }

  async listForUser(userId: string): Promise<ApiTokenRow[]> {
    return this.db
      .select()
      .from(apiTokens)
      .where(eq(apiTokens.userId, userId))
      .orderBy(desc(apiTokens.createdAt));
  }
}
