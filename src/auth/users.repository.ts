import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, sql } from 'drizzle-orm';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { olderThan } from '../db/older-than.js';
import { type Role, users } from '../db/schema/index.js';

export type UserRow = typeof users.$inferSelect;

@Injectable()
export class UsersRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async findByEmail(email: string, tx: Executor = this.db): Promise<UserRow | undefined> {
    const [row] = await tx.select().from(users).where(eq(users.email, email.toLowerCase()));
    return row;
  }

  async findById(id: string, tx: Executor = this.db): Promise<UserRow | undefined> {
    const [row] = await tx.select().from(users).where(eq(users.id, id));
    return row;
  }

  /** Locks the row so concurrent role or status changes are applied one after another. */
  async findByIdForUpdate(tx: Executor, id: string): Promise<UserRow | undefined> {
    const [row] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    return row;
  }

  async insert(
    tx: Executor,
    user: { email: string; displayName: string; passwordHash: string; roles: Role[] },
  ): Promise<UserRow | undefined> {
    const [row] = await tx
      .insert(users)
      .values({ ...user, email: user.email.toLowerCase() })
      .onConflictDoNothing({ target: users.email })
      .returning();
    return row;
  }

  async update(
    tx: Executor,
    id: string,
    changes: Partial<
      Pick<UserRow, 'roles' | 'disabledAt' | 'displayName' | 'passwordHash' | 'locale' | 'timeZone'>
    >,
  ): Promise<UserRow> {
    const [row] = await tx
      .update(users)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning();
    return row!;
  }

  async countActiveAdmins(tx: Executor): Promise<number> {
    const [row] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(and(sql`'admin' = ANY(${users.roles})`, sql`${users.disabledAt} IS NULL`));
    return row?.n ?? 0;
  }

  async list(options: {
    before?: { createdAt: Date; id: string };
    limit: number;
  }): Promise<UserRow[]> {
    const b = options.before;
    return this.db
      .select()
      .from(users)
      .where(b ? olderThan(users.createdAt, users.id, b) : undefined)
      .orderBy(desc(users.createdAt), desc(users.id))
      .limit(options.limit);
  }
}
