import { sql } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../audit/actor.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { CampaignsRepository } from '../campaigns/campaigns.repository.js';
import type { ChannelsRepository } from '../channels/channels.repository.js';
import type { Database } from '../db/database.js';
import { campaigns } from '../db/schema/index.js';

export const DEMO_CAMPAIGN = 'Voices of return (demo)';
const DEMO_LOCK = 727_002;

/**
 * A campaign and a sandbox channel, so a new team can compose, review and "publish" at once.
 * The sandbox publishes into the internal feed only. Idempotent across concurrent starts.
 */
export async function seedDemoWorkflow(
  db: Database,
  repos: { campaigns: CampaignsRepository; channels: ChannelsRepository; audit: AuditRepository },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${DEMO_LOCK})`);
    const [existing] = await tx
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(sql`${campaigns.name} = ${DEMO_CAMPAIGN}`);
    if (!existing) {
      const campaign = await repos.campaigns.insert(tx, {
        name: DEMO_CAMPAIGN,
        goal: 'Show young people drawn to the group what former members say daily life inside was really like.',
        audience: 'English-speaking 16–24 year-olds who follow the group’s propaganda accounts',
        language: 'en',
        callToAction: 'Read the full testimony; talk to someone you trust.',
        evaluationPlan:
          'Reach and replies per post at +24 h and +7 d; qualitative review of replies each week.',
        timezone: 'Europe/London',
        extraStages: [],
        minimumVerification: 'single_source',
      });
      await repos.audit.record(tx, SYSTEM_ACTOR, {
        action: 'campaign.created',
        entityType: 'campaign',
        entityId: campaign.id,
        after: { name: campaign.name, demo: true },
      });
    }
    const channel = await repos.channels.insert(tx, {
      platform: 'sandbox',
      handle: 'voices_sandbox',
      displayName: 'Voices of Return (sandbox)',
      language: 'en',
      timezone: 'Europe/London',
      weeklySlots: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) =>
        ['09:00', '13:00', '18:00'].map((time) => ({ weekday, time })),
      ),
      minSpacingMinutes: 60,
      dailyCap: 8,
    });
    if (channel) {
      await repos.audit.record(tx, SYSTEM_ACTOR, {
        action: 'channel.created',
        entityType: 'channel',
        entityId: channel.id,
        after: { handle: channel.handle, platform: 'sandbox', demo: true },
      });
    }
  });
}
