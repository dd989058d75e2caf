import { Inject, Injectable } from '@nestjs/common';
import { asc, eq, inArray } from 'drizzle-orm';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { themes } from '../db/schema/index.js';

export type ThemeRow = typeof themes.$inferSelect;

@Injectable()
export class ThemesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  list(tx: Executor = this.db): Promise<ThemeRow[]> {
    return tx.select().from(themes).orderBy(asc(themes.key));
  }

  async findByKey(key: string, tx: Executor = this.db): Promise<ThemeRow | undefined> {
    const [row] = await tx.select().from(themes).where(eq(themes.key, key));
    return row;
  }

  /** The subset of `keys` that are known themes. */
  async existing(keys: string[], tx: Executor = this.db): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await tx.select({ key: themes.key }).from(themes).where(inArray(themes.key, keys));
    return new Set(rows.map((r) => r.key));
  }

  async insert(
    tx: Executor,
    theme: { key: string; name: string; description: string },
  ): Promise<ThemeRow | undefined> {
    const [row] = await tx.insert(themes).values(theme).onConflictDoNothing().returning();
    return row;
  }

  async update(
    tx: Executor,
    key: string,
    changes: Partial<Pick<ThemeRow, 'name' | 'description'>>,
  ): Promise<ThemeRow> {
    const [row] = await tx
      .update(themes)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(themes.key, key))
      .returning();
    return row!;
  }
}
