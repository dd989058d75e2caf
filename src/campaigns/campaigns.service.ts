import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../audit/actor.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { invalid, notFound } from '../common/domain-errors.js';
import { DATABASE, type Database } from '../db/database.js';
import type { CampaignStatus, ReviewStage, Verification } from '../db/schema/index.js';
import { type CampaignRow, CampaignsRepository, type NewCampaign } from './campaigns.repository.js';

/** A campaign as an admin writes it; dates are ISO 8601 date-times. */
export interface CampaignInput {
  name: string;
  goal: string;
  audience: string;
  language: string;
  callToAction?: string;
  evaluationPlan?: string;
  timezone: string;
  startsAt?: string;
  endsAt?: string;
  extraStages?: ReviewStage[];
  minimumVerification?: Verification;
  /** Hours after publishing at which metrics are read; null: the default set. */
  metricCheckpoints?: number[] | null;
}

export interface CampaignChanges extends Partial<CampaignInput> {
  status?: CampaignStatus;
}

const toDate = (v: string | undefined) => (v === undefined ? undefined : new Date(v));
const sortedHours = (v: number[] | null | undefined) => (v ? [...v].sort((a, b) => a - b) : v);

function checkWindow(startsAt: Date | null | undefined, endsAt: Date | null | undefined): void {
  if (startsAt && endsAt && endsAt <= startsAt) {
    throw invalid(
      [{ field: 'endsAt', rule: 'afterStartsAt', message: 'endsAt must be after startsAt' }],
      'endsAt must be after startsAt.',
    );
  }
}

@Injectable()
export class CampaignsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly campaigns: CampaignsRepository,
    private readonly audit: AuditRepository,
  ) {}

  async create(actor: Actor, input: CampaignInput): Promise<CampaignRow> {
    const values: NewCampaign = {
      ...input,
      startsAt: toDate(input.startsAt),
      endsAt: toDate(input.endsAt),
      metricCheckpoints: sortedHours(input.metricCheckpoints),
      createdBy: actor.id,
    };
    checkWindow(values.startsAt, values.endsAt);
    return this.db.transaction(async (tx) => {
      const row = await this.campaigns.insert(tx, values);
      await this.audit.record(tx, actor, {
        action: 'campaign.created',
        entityType: 'campaign',
        entityId: row.id,
        after: row,
      });
      return row;
    });
  }

  async update(actor: Actor, id: string, input: CampaignChanges): Promise<CampaignRow> {
    return this.db.transaction(async (tx) => {
      const before = await this.campaigns.findForUpdate(tx, id);
      if (!before) throw notFound('Campaign', id);
      const changes: Partial<NewCampaign> = {
        ...input,
        startsAt: toDate(input.startsAt),
        endsAt: toDate(input.endsAt),
        metricCheckpoints: sortedHours(input.metricCheckpoints),
      };
      checkWindow(changes.startsAt ?? before.startsAt, changes.endsAt ?? before.endsAt);
      const after = await this.campaigns.update(tx, id, changes);
      await this.audit.record(tx, actor, {
        action: 'campaign.updated',
        entityType: 'campaign',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  async get(id: string): Promise<CampaignRow> {
    const row = await this.campaigns.findById(id);
    if (!row) throw notFound('Campaign', id);
    return row;
  }
}
