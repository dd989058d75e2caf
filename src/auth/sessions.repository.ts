import { Inject, Injectable } from '@nestjs/common';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { sessions, users } from '../db/schema/index.js';

@Injectable()
export class SessionsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async insert(
    tx: Executor,
    session: { idHash: string; userId: string; csrfToken: string; expiresAt: Date },
  ) {
    await tx.insert(sessions).values(session);
  }

  /** A live session of an enabled user, or nothing. */
  async findLive(idHash: string) {
    const [row] = await this.db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(
          eq(sessions.idHash, idHash),
          gt(sessions.expiresAt, new Date()),
          isNull(users.disabledAt),
        ),
      );
    return row;
  }

  async delete(tx: Executor, idHash: string): Promise<void> {
    await tx.delete(sessions).where(eq(sessions.idHash, idHash));
  }

  async deleteForUser(tx: Executor, userId: string): Promise<void> {
    await tx.delete(sessions).where(eq(sessions.userId, userId));
  }

  async deleteExpired(now: Date): Promise<number> {
    const deleted = await this.db
      .delete(sessions)
      .where(lt(sessions.expiresAt, now))
      .returning({ id: sessions.idHash });
    return deleted.length;
  }
}
