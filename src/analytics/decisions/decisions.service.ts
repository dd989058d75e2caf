import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../audit/actor.js';
import { AuditRepository } from '../../audit/audit.repository.js';
import { CampaignsRepository } from '../../campaigns/campaigns.repository.js';
import { notFound } from '../../common/domain-errors.js';
import { DATABASE, type Database } from '../../db/database.js';
import type { DecisionInput, DecisionView } from './decision-model.js';
import {
  type DecisionFilter,
  type DecisionRow,
  DecisionsRepository,
} from './decisions.repository.js';

export const decisionView = (row: DecisionRow): DecisionView => ({
  id: row.id,
  campaignId: row.campaignId,
  at: row.at,
  what: row.what,
  why: row.why,
  recordedAt: row.recordedAt,
});

/** Records campaign adjustments; entries are never edited or removed. */
@Injectable()
export class DecisionsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly decisions: DecisionsRepository,
    private readonly campaigns: CampaignsRepository,
    private readonly audit: AuditRepository,
  ) {}

  async record(actor: Actor, campaignId: string, input: DecisionInput): Promise<DecisionView> {
    return this.db.transaction(async (tx) => {
      if (!(await this.campaigns.findById(campaignId, tx))) throw notFound('Campaign', campaignId);
      const row = await this.decisions.insert(tx, {
        campaignId,
        at: new Date(input.at),
        what: input.what,
        why: input.why,
        recordedBy: actor.id,
      });
      const view = decisionView(row);
      await this.audit.record(tx, actor, {
        action: 'decision.recorded',
        entityType: 'decision',
        entityId: row.id,
        after: view,
      });
      return view;
    });
  }

  async list(filter: DecisionFilter): Promise<DecisionView[]> {
    return (await this.decisions.list(filter)).map(decisionView);
  }
}
