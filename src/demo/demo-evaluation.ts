import { sql } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../audit/actor.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { Database } from '../db/database.js';
import { campaigns, decisionLog, objectiveChanges, objectives } from '../db/schema/index.js';
import { termsOf } from '../analytics/objectives/objective-model.js';

const DAY = 86_400_000;

/**
 * Objectives and decision log entries for the demo campaign, so the Analytics screen shows
 * states and markers: a window over the last eight weeks and the next four. Idempotent: a
 * campaign that has objectives already is left alone.
 */
export async function seedDemoEvaluation(
  db: Database,
  audit: AuditRepository,
  campaignName: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [campaign] = await tx
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(sql`${campaigns.name} = ${campaignName}`);
    if (!campaign) return;
    const [existing] = await tx
      .select({ id: objectives.id })
      .from(objectives)
      .where(sql`${objectives.campaignId} = ${campaign.id}`)
      .limit(1);
    if (existing) return;
    const now = Date.now();
    const windowFrom = new Date(now - 56 * DAY);
    const windowTo = new Date(now + 28 * DAY);
    const rows = await tx
      .insert(objectives)
      .values(
        [
          { metric: 'engagement_rate' as const, target: 25, baseline: 18 },
          { metric: 'replies' as const, target: 400, themeKey: 'quality_of_life' },
          { metric: 'impressions' as const, target: 250_000 },
          { metric: 'posts_published' as const, target: 60 },
        ].map((o) => ({ ...o, campaignId: campaign.id, windowFrom, windowTo, minSample: 5 })),
      )
      .returning();
    for (const row of rows) {
      const after = termsOf(row);
      await tx.insert(objectiveChanges).values({
        objectiveId: row.id,
        campaignId: campaign.id,
        kind: 'created',
        after,
        afterStart: false,
      });
      await audit.record(tx, SYSTEM_ACTOR, {
        action: 'objective.created',
        entityType: 'objective',
        entityId: row.id,
        after: { ...after, demo: true },
      });
    }
    const decisions = await tx
      .insert(decisionLog)
      .values([
        {
          campaignId: campaign.id,
          at: new Date(now - 42 * DAY),
          what: 'Moved weekday posting from 08:00 to 19:00',
          why: 'Morning posts drew half the engagement per 1,000 impressions of evening ones',
        },
        {
          campaignId: campaign.id,
          at: new Date(now - 28 * DAY),
          what: 'Paused the dull_duties theme',
          why: 'Lowest engagement rate of the five narratives for three weeks running',
        },
        {
          campaignId: campaign.id,
          at: new Date(now - 14 * DAY),
          what: 'Added Arabic threads on quality of life',
          why: 'Replies asked for the full testimony in Arabic',
        },
      ])
      .returning();
    for (const d of decisions) {
      await audit.record(tx, SYSTEM_ACTOR, {
        action: 'decision.recorded',
        entityType: 'decision',
        entityId: d.id,
        after: { what: d.what, why: d.why, at: d.at.toISOString(), demo: true },
      });
    }
  });
}
