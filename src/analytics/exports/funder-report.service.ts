import { Injectable } from '@nestjs/common';
import { CampaignsRepository } from '../../campaigns/campaigns.repository.js';
import { notFound } from '../../common/domain-errors.js';
import { DecisionsService } from '../decisions/decisions.service.js';
import { ObjectivesService } from '../objectives/objectives.service.js';
import {
  DEFAULT_CHECKPOINT,
  DEFAULT_MIN_SAMPLE,
  parseCheckpoint,
  type ReportFilter,
} from '../reports/report-model.js';
import { ReportsService } from '../reports/reports.service.js';
import type { FunderReport } from './funder-report-model.js';

export const PRIVACY_STATEMENT =
  'This report contains no identifying details of the people quoted (no real names, hometowns, ' +
  'family members, units, locations or other identifying details), no internal notes and no ' +
  'reviewer identities. People quoted appear only under the display name their testimony was ' +
  'published with, and only where a figure is grouped by them.';

export const METHOD_NOTES: readonly string[] = [
  'Metrics are the platforms’ public metrics, read at fixed ages after publication (by default 1 hour, 6 hours, 24 hours, 3 days, 7 days and 30 days); a thread’s metrics are the sums over its posts.',
  'Engagements = likes + reposts + replies + quotes + bookmarks.',
  'Engagement rate = engagements per 1,000 impressions, computed only over posts whose impressions could be read; its sample size is given separately.',
  `Posts are compared at the same age: the ${DEFAULT_CHECKPOINT} checkpoint, when most engagement on X has arrived. Posts younger than that are not yet counted.`,
  'Every figure carries the number of posts it was computed over; medians are per post. A group with fewer posts than the minimum sample (' +
    `${DEFAULT_MIN_SAMPLE} by default) behind its figure is shown as insufficient and not ranked.`,
  'A post quoting testimony on several narratives counts towards each of them, so narrative totals may add up to more than all posts.',
  'Weekdays and hours are those of each channel’s own time zone.',
  'Objective states: met once a total reaches its target (a rate only when its window ends); missed when the window ends short of it; on track or behind against the pro-rata share of the target while the window runs; insufficient data below the objective’s minimum sample. Objectives counting only reach or likes are marked as vanity measures.',
  'Objectives changed after the campaign started are listed with their before and after and the reason given. The decision log lists the campaign’s adjustments; entries cannot be edited or removed.',
  'Figures marked synthetic come from the sandbox (training and demonstration channels), not from a real audience.',
];

/** The data of the printable funder report: objectives, results by narrative, decisions, method. */
@Injectable()
export class FunderReportService {
  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly objectives: ObjectivesService,
    private readonly reports: ReportsService,
    private readonly decisions: DecisionsService,
  ) {}

  async build(campaignId: string, period: { from: Date; to: Date }): Promise<FunderReport> {
    const campaign = await this.campaigns.findById(campaignId);
    if (!campaign) throw notFound('Campaign', campaignId);
    const filter: ReportFilter = { campaignId, ...period, at: parseCheckpoint(undefined) };
    const grouping = { minSample: DEFAULT_MIN_SAMPLE, rankBy: 'engagement_rate' as const };
    const [objectives, narratives, languages, decisions] = await Promise.all([
      this.objectives.overview(campaignId, { withNames: false }),
      this.reports.grouped(filter, { ...grouping, groupBy: 'theme' }),
      this.reports.grouped(filter, { ...grouping, groupBy: 'language' }),
      this.decisions.list({ campaignId, ...period }),
    ]);
    return {
      campaign: {
        id: campaign.id,
        name: campaign.name,
        goal: campaign.goal,
        audience: campaign.audience,
        timezone: campaign.timezone,
        startsAt: campaign.startsAt,
        endsAt: campaign.endsAt,
      },
      ...period,
      generatedAt: new Date(),
      synthetic: objectives.synthetic || narratives.synthetic || languages.synthetic,
      objectives,
      narratives,
      languages,
      decisions,
      methodNotes: [...METHOD_NOTES],
      privacyStatement: PRIVACY_STATEMENT,
    };
  }
}
