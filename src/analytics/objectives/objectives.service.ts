import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../audit/actor.js';
import { AuditRepository } from '../../audit/audit.repository.js';
import { CampaignsRepository } from '../../campaigns/campaigns.repository.js';
import { invalid, notFound } from '../../common/domain-errors.js';
import { DATABASE, type Database, type Executor } from '../../db/database.js';
import type { ObjectiveMetric } from '../../db/schema/evaluation.js';
import { figuresOf } from '../reports/report-figures.js';
import type { Figures } from '../reports/report-model.js';
import { ReportsRepository } from '../reports/reports.repository.js';
import {
  type ObjectiveChanges,
  type ObjectiveEvaluation,
  type ObjectiveInput,
  type ObjectivesOverview,
  type ObjectiveTerms,
  type ObjectiveView,
  termsOf,
  VANITY_METRICS,
} from './objective-model.js';
import { evaluateObjective, type Measurement } from './objective-state.js';
import {
  type ObjectiveChangeRow,
  type ObjectiveRow,
  ObjectivesRepository,
} from './objectives.repository.js';

function measurementOf(metric: ObjectiveMetric, f: Figures): Measurement {
  switch (metric) {
    case 'posts_published':
      return { value: f.posts, n: f.posts };
    case 'impressions':
      return f.impressions;
    case 'engagement_rate':
      return f.engagementRate;
    case 'engagements':
    case 'likes':
    case 'reposts':
    case 'replies':
    case 'quotes':
    case 'bookmarks':
      // Sums over posts are 0, not unknown, when there were posts but no such engagement.
      return { value: f[metric].value ?? (f.posts > 0 ? 0 : null), n: f.posts };
    case 'followers_gained':
      throw new Error('followers_gained is measured from follower counts');
  }
}

/** Campaign objectives: set by editors and admins, evaluated on every read, changed openly. */
@Injectable()
export class ObjectivesService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly objectives: ObjectivesRepository,
    private readonly campaigns: CampaignsRepository,
    private readonly reports: ReportsRepository,
    private readonly audit: AuditRepository,
  ) {}

  async overview(
    campaignId: string,
    options: { includeRemoved?: boolean; now?: Date; withNames?: boolean } = {},
  ): Promise<ObjectivesOverview> {
    if (!(await this.campaigns.findById(campaignId))) throw notFound('Campaign', campaignId);
    const now = options.now ?? new Date();
    const rows = await this.objectives.listByCampaign(campaignId, options.includeRemoved ?? false);
    const changes = await this.objectives.changesOf(rows.map((r) => r.id));
    const evaluated = await this.evaluateAll(rows, now);
    const live = rows.filter((r) => r.removedAt === null);
    return {
      campaignId,
      vanityOnly: live.length > 0 && live.every((r) => VANITY_METRICS.includes(r.metric)),
      evaluatedAt: now,
      synthetic: evaluated.some((e) => e.synthetic),
      objectives: rows.map((row, i) =>
        viewOf(
          row,
          evaluated[i]!.evaluation,
          changes.filter((c) => c.objectiveId === row.id),
          options.withNames ?? true,
        ),
      ),
    };
  }

  async create(actor: Actor, campaignId: string, input: ObjectiveInput): Promise<ObjectiveView> {
    return this.db.transaction(async (tx) => {
      const afterStart = await this.startedFor(tx, campaignId);
      const terms: ObjectiveTerms = {
        metric: input.metric,
        target: input.target,
        windowFrom: new Date(input.windowFrom).toISOString(),
        windowTo: new Date(input.windowTo).toISOString(),
        channelId: input.channelId ?? null,
        language: input.language ?? null,
        themeKey: input.themeKey ?? null,
        baseline: input.baseline ?? null,
        minSample: input.minSample ?? 5,
      };
      await this.check(tx, terms, afterStart, input.reason);
      const row = await this.objectives.insert(tx, {
        ...rowValues(terms),
        campaignId,
        createdBy: actor.id,
      });
      await this.recordChange(tx, actor, row, 'created', null, terms, afterStart, input.reason);
      return this.viewAfterWrite(tx, row);
    });
  }

  async update(actor: Actor, id: string, changes: ObjectiveChanges): Promise<ObjectiveView> {
    return this.db.transaction(async (tx) => {
      const current = await this.liveObjective(tx, id);
      const afterStart = await this.startedFor(tx, current.campaignId);
      const before = termsOf(current);
      const after: ObjectiveTerms = {
        ...before,
        ...definedOf(changes),
        windowFrom: new Date(changes.windowFrom ?? before.windowFrom).toISOString(),
        windowTo: new Date(changes.windowTo ?? before.windowTo).toISOString(),
      };
      await this.check(tx, after, afterStart, changes.reason);
      const row = await this.objectives.update(tx, id, rowValues(after));
      await this.recordChange(tx, actor, row, 'updated', before, after, afterStart, changes.reason);
      return this.viewAfterWrite(tx, row);
    });
  }

  async remove(actor: Actor, id: string, reason?: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const current = await this.liveObjective(tx, id);
      const afterStart = await this.startedFor(tx, current.campaignId);
      requireReason(afterStart, reason);
      const row = await this.objectives.update(tx, id, { removedAt: new Date() });
      await this.recordChange(
        tx,
        actor,
        row,
        'removed',
        termsOf(current),
        null,
        afterStart,
        reason,
      );
    });
  }

  /** The objective as written, with its change rows, read inside the writing transaction. */
  private async viewAfterWrite(tx: Executor, row: ObjectiveRow): Promise<ObjectiveView> {
    const [standing] = await this.evaluateAll([row], new Date());
    return viewOf(row, standing!.evaluation, await this.objectives.changesOf([row.id], tx), true);
  }

  /**
   * Each objective's standing against the campaign's figures, in the same few statements however
   * many objectives there are: one for every follower count in scope, one for every other total.
   */
  private async evaluateAll(
    rows: readonly ObjectiveRow[],
    now: Date,
  ): Promise<{ evaluation: ObjectiveEvaluation; synthetic: boolean }[]> {
    const followers = rows.filter((row) => row.metric === 'followers_gained');
    const others = rows.filter((row) => row.metric !== 'followers_gained');
    const [gained, totals] = await Promise.all([
      this.objectives.followersGainedOfEach(
        followers.map((row) => ({
          campaignId: row.campaignId,
          channelId: row.channelId,
          from: row.windowFrom,
          to: row.windowTo,
        })),
      ),
      this.reports.totalsOfEach(
        others.map((row) => ({
          campaignId: row.campaignId,
          channelId: row.channelId ?? undefined,
          language: row.language ?? undefined,
          theme: row.themeKey ?? undefined,
          from: row.windowFrom,
          to: row.windowTo,
          at: 'latest' as const,
        })),
      ),
    ]);
    const standing = new Map<string, { evaluation: ObjectiveEvaluation; synthetic: boolean }>();
    followers.forEach((row, i) => {
      const f = gained[i]!;
      standing.set(row.id, {
        evaluation: evaluateObjective(termsOf(row), { value: f.gained, n: f.days }, now),
        synthetic: f.synthetic,
      });
    });
    others.forEach((row, i) => {
      const total = totals[i]!;
      standing.set(row.id, {
        evaluation: evaluateObjective(
          termsOf(row),
          measurementOf(row.metric, figuresOf(total)),
          now,
        ),
        synthetic: total.synthetic,
      });
    });
    return rows.map((row) => standing.get(row.id)!);
  }

  private async liveObjective(tx: Executor, id: string): Promise<ObjectiveRow> {
    const row = await this.objectives.findForUpdate(tx, id);
    if (!row || row.removedAt) throw notFound('Objective', id);
    return row;
  }

  /** Started: its start date has passed, or (without one) it has published a post. */
  private async startedFor(tx: Executor, campaignId: string): Promise<boolean> {
    const campaign = await this.campaigns.findById(campaignId, tx);
    if (!campaign) throw notFound('Campaign', campaignId);
    return campaign.startsAt
      ? campaign.startsAt <= new Date()
      : this.objectives.hasPublished(tx, campaignId);
  }

  private async check(
    tx: Executor,
    terms: ObjectiveTerms,
    afterStart: boolean,
    reason: string | undefined,
  ): Promise<void> {
    if (Date.parse(terms.windowTo) <= Date.parse(terms.windowFrom)) {
      throw invalid([
        {
          field: 'windowTo',
          rule: 'isAfterFrom',
          message: 'windowTo must be later than windowFrom',
        },
      ]);
    }
    if (terms.channelId && !(await this.objectives.channelExists(tx, terms.channelId))) {
      throw invalid([
        { field: 'channelId', rule: 'exists', message: 'channelId names no channel' },
      ]);
    }
    if (terms.themeKey && !(await this.objectives.themeExists(tx, terms.themeKey))) {
      throw invalid([{ field: 'themeKey', rule: 'exists', message: 'themeKey names no theme' }]);
    }
    requireReason(afterStart, reason);
  }

  private async recordChange(
    tx: Executor,
    actor: Actor,
    row: ObjectiveRow,
    kind: 'created' | 'updated' | 'removed',
    before: ObjectiveTerms | null,
    after: ObjectiveTerms | null,
    afterStart: boolean,
    reason: string | undefined,
  ): Promise<void> {
    await this.objectives.insertChange(tx, {
      objectiveId: row.id,
      campaignId: row.campaignId,
      kind,
      before,
      after,
      reason: reason ?? null,
      afterStart,
      changedBy: actor.id,
    });
    await this.audit.record(tx, actor, {
      action: `objective.${kind}`,
      entityType: 'objective',
      entityId: row.id,
      before,
      after: after && { ...after, reason: reason ?? null, afterStart },
    });
  }
}

function requireReason(afterStart: boolean, reason: string | undefined): void {
  if (afterStart && !reason) {
    throw invalid([
      {
        field: 'reason',
        rule: 'requiredAfterStart',
        message: 'reason is required to change objectives once the campaign has started',
      },
    ]);
  }
}

/** The fields an update names, without `reason` and without those left out. */
function definedOf(changes: ObjectiveChanges): Partial<ObjectiveTerms> {
  return Object.fromEntries(
    Object.entries(changes).filter(([key, value]) => key !== 'reason' && value !== undefined),
  ) as Partial<ObjectiveTerms>;
}

function rowValues(terms: ObjectiveTerms) {
  return {
    metric: terms.metric,
    target: terms.target,
    windowFrom: new Date(terms.windowFrom),
    windowTo: new Date(terms.windowTo),
    channelId: terms.channelId,
    language: terms.language,
    themeKey: terms.themeKey,
    baseline: terms.baseline,
    minSample: terms.minSample,
  };
}

function viewOf(
  row: ObjectiveRow,
  evaluation: ObjectiveView['evaluation'],
  changes: ObjectiveChangeRow[],
  withNames: boolean,
): ObjectiveView {
  return {
    ...termsOf(row),
    id: row.id,
    campaignId: row.campaignId,
    vanity: VANITY_METRICS.includes(row.metric),
    evaluation,
    changes: changes.map((c) => ({
      id: c.id,
      kind: c.kind,
      before: c.before as ObjectiveTerms | null,
      after: c.after as ObjectiveTerms | null,
      reason: c.reason,
      afterStart: c.afterStart,
      changedBy: withNames && c.changedBy ? { id: c.changedBy, name: c.changedByName ?? '' } : null,
      changedAt: c.changedAt,
    })),
    createdAt: row.createdAt,
    removedAt: row.removedAt,
  };
}
