import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { DATABASE, type Database, type Executor } from '../../db/database.js';
import { eachInOne, inPlace } from '../../db/each-in-one.js';
import {
  channels,
  objectiveChanges,
  objectives,
  posts,
  themes,
  users,
} from '../../db/schema/index.js';

export type ObjectiveRow = typeof objectives.$inferSelect;
export type NewObjective = typeof objectives.$inferInsert;
export type NewObjectiveChange = typeof objectiveChanges.$inferInsert;
export type ObjectiveChangeRow = typeof objectiveChanges.$inferSelect & {
  changedByName: string | null;
};

@Injectable()
export class ObjectivesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async insert(tx: Executor, values: NewObjective): Promise<ObjectiveRow> {
    const [row] = await tx.insert(objectives).values(values).returning();
    return row!;
  }

  async update(tx: Executor, id: string, changes: Partial<NewObjective>): Promise<ObjectiveRow> {
    const [row] = await tx
      .update(objectives)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(objectives.id, id))
      .returning();
    return row!;
  }

  async findForUpdate(tx: Executor, id: string): Promise<ObjectiveRow | undefined> {
    const [row] = await tx.select().from(objectives).where(eq(objectives.id, id)).for('update');
    return row;
  }

  listByCampaign(campaignId: string, includeRemoved: boolean): Promise<ObjectiveRow[]> {
    return this.db
      .select()
      .from(objectives)
      .where(
        and(
          eq(objectives.campaignId, campaignId),
          includeRemoved ? undefined : isNull(objectives.removedAt),
        ),
      )
      .orderBy(asc(objectives.createdAt), asc(objectives.id));
  }

  async insertChange(tx: Executor, values: NewObjectiveChange): Promise<void> {
    await tx.insert(objectiveChanges).values(values);
  }

  changesOf(objectiveIds: string[], tx: Executor = this.db): Promise<ObjectiveChangeRow[]> {
    if (objectiveIds.length === 0) return Promise.resolve([]);
    return tx
      .select({
        id: objectiveChanges.id,
        objectiveId: objectiveChanges.objectiveId,
        campaignId: objectiveChanges.campaignId,
        kind: objectiveChanges.kind,
        before: objectiveChanges.before,
        after: objectiveChanges.after,
        reason: objectiveChanges.reason,
        afterStart: objectiveChanges.afterStart,
        changedBy: objectiveChanges.changedBy,
        changedAt: objectiveChanges.changedAt,
        changedByName: users.displayName,
      })
      .from(objectiveChanges)
      .leftJoin(users, eq(users.id, objectiveChanges.changedBy))
      .where(inArray(objectiveChanges.objectiveId, objectiveIds))
      .orderBy(asc(objectiveChanges.id));
  }

  async hasPublished(tx: Executor, campaignId: string): Promise<boolean> {
    const [row] = await tx
      .select({ one: sql`1` })
      .from(posts)
      .where(and(eq(posts.campaignId, campaignId), sql`${posts.publishedAt} IS NOT NULL`))
      .limit(1);
    return row !== undefined;
  }

  async channelExists(tx: Executor, id: string): Promise<boolean> {
    const [row] = await tx.select({ id: channels.id }).from(channels).where(eq(channels.id, id));
    return row !== undefined;
  }

  async themeExists(tx: Executor, key: string): Promise<boolean> {
    const [row] = await tx.select({ key: themes.key }).from(themes).where(eq(themes.key, key));
    return row !== undefined;
  }

  /**
   * Followers gained over [from, to] for each scope, in one statement however many scopes: per
   * channel, its last daily count in the window minus its first, summed over the channel in scope
   * or the channels the campaign published on. `days` is the fewest days of counts any of those
   * channels has (each needs two to say anything).
   */
  async followersGainedOfEach(scopes: readonly FollowerScope[]): Promise<FollowersGained[]> {
    if (scopes.length === 0) return [];
    const { rows } = await this.db.execute<{
      i: number;
      gained: string | null;
      days: number | null;
      synthetic: boolean | null;
    }>(eachInOne(scopes.map(followersGainedSql)));
    return inPlace(rows, scopes.length).map((row) => ({
      gained: row?.gained === null || row?.gained === undefined ? null : Number(row.gained),
      days: row?.days ?? 0,
      synthetic: row?.synthetic ?? false,
    }));
  }
}

export interface FollowerScope {
  campaignId: string;
  channelId: string | null;
  from: Date;
  to: Date;
}

export interface FollowersGained {
  gained: number | null;
  days: number;
  synthetic: boolean;
}

/** One scope's followers gained, as one row (see followersGainedOfEach). */
function followersGainedSql(scope: FollowerScope): SQL {
  const channelsInScope = scope.channelId
    ? sql`SELECT ${scope.channelId}::uuid AS channel_id`
    : sql`SELECT DISTINCT channel_id FROM posts
          WHERE campaign_id = ${scope.campaignId} AND published_at IS NOT NULL`;
  return sql`
    WITH per_channel AS (
      SELECT f.channel_id, count(*)::int AS days,
        (array_agg(f.followers ORDER BY f.day DESC))[1] - (array_agg(f.followers ORDER BY f.day))[1] AS gained,
        bool_or(f.synthetic) AS synthetic
      FROM channel_follower_snapshots f
      WHERE f.channel_id IN (${channelsInScope})
        AND f.day >= (${scope.from.toISOString()}::timestamptz AT TIME ZONE 'UTC')::date
        AND f.day <= (${scope.to.toISOString()}::timestamptz AT TIME ZONE 'UTC')::date
      GROUP BY f.channel_id
    )
    SELECT sum(gained)::float8 AS gained, min(days)::int AS days, bool_or(synthetic) AS synthetic
    FROM per_channel`;
}
