import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SYSTEM_ACTOR } from '../audit/actor.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { hashPassword } from '../auth/secrets.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DATABASE, type Database } from '../db/database.js';
import { UsersRepository } from '../auth/users.repository.js';
import { CampaignsRepository } from '../campaigns/campaigns.repository.js';
import { ChannelsRepository } from '../channels/channels.repository.js';
import { seedDemoAnalytics } from './demo-analytics.js';
import { seedDemoLibrary } from './demo-library.js';
import { seedDemoEvaluation } from './demo-evaluation.js';
import { DEMO_CAMPAIGN, seedDemoWorkflow } from './demo-workflow.js';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-users.js';

/** Idempotent: creates whatever demo data is missing and leaves the rest alone. */
@Injectable()
export class DemoSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly db: Database,
    private readonly users: UsersRepository,
    private readonly audit: AuditRepository,
    private readonly campaigns: CampaignsRepository,
    private readonly channels: ChannelsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoMode || this.config.role === 'worker') return;
    await this.seedUsers();
    await seedDemoLibrary(this.db, this.audit);
    await seedDemoWorkflow(this.db, {
      campaigns: this.campaigns,
      channels: this.channels,
      audit: this.audit,
    });
    await seedDemoAnalytics(this.db, this.audit);
    await seedDemoEvaluation(this.db, this.audit, DEMO_CAMPAIGN);
    this.logger.log(
      `Demo mode: sign in as ${DEMO_USERS.map((u) => `${u.email} (${u.roles.join(', ')})`).join('; ')} — password "${DEMO_PASSWORD}"`,
    );
  }

  private async seedUsers(): Promise<void> {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const user of DEMO_USERS) {
      await this.db.transaction(async (tx) => {
        const row = await this.users.insert(tx, { ...user, passwordHash });
        if (row) {
          await this.audit.record(tx, SYSTEM_ACTOR, {
            action: 'user.created',
            entityType: 'user',
            entityId: row.id,
            after: { email: row.email, roles: row.roles, demo: true },
          });
        }
      });
    }
  }
}
