import type { ObjectiveChangeKind, ObjectiveMetric } from '../../db/schema/evaluation.js';

/**
 * on_track / behind: the window is running and the figure is at / below its pro-rata expectation;
 * met / missed: decided; insufficient_data: too few posts to say.
 */
export const OBJECTIVE_STATES = [
  'on_track',
  'behind',
  'met',
  'missed',
  'insufficient_data',
] as const;
export type ObjectiveState = (typeof OBJECTIVE_STATES)[number];

/** Metrics that count only reach or likes: on their own they say little about persuasion. */
export const VANITY_METRICS: readonly ObjectiveMetric[] = [
  'impressions',
  'likes',
  'followers_gained',
];

export interface ObjectiveInput {
  metric: ObjectiveMetric;
  target: number;
  windowFrom: string;
  windowTo: string;
  channelId?: string | null;
  language?: string | null;
  themeKey?: string | null;
  baseline?: number | null;
  minSample?: number;
  /** Why; required once the campaign has started. */
  reason?: string;
}

export type ObjectiveChanges = Partial<ObjectiveInput>;

export interface ObjectiveEvaluation {
  state: ObjectiveState;
  /** The figure over the window (and scope) so far; null when nothing could be measured. */
  actual: number | null;
  /** What the target implies by now (pro rata for totals, the target itself for a rate). */
  expected: number | null;
  /** Posts (or days of follower counts) the figure was computed over. */
  n: number;
  /** Share of the window elapsed, 0 to 1. */
  elapsed: number;
  /** The rule and the numbers that decided the state, as a sentence. */
  rule: string;
}

/** What an objective says, as stored in change rows and shown to readers. */
export interface ObjectiveTerms {
  metric: ObjectiveMetric;
  target: number;
  windowFrom: string;
  windowTo: string;
  channelId: string | null;
  language: string | null;
  themeKey: string | null;
  baseline: number | null;
  minSample: number;
}

export interface ObjectiveChangeView {
  id: number;
  kind: ObjectiveChangeKind;
  before: ObjectiveTerms | null;
  after: ObjectiveTerms | null;
  reason: string | null;
  afterStart: boolean;
  changedBy: { id: string; name: string } | null;
  changedAt: Date;
}

export interface ObjectiveView extends ObjectiveTerms {
  id: string;
  campaignId: string;
  vanity: boolean;
  evaluation: ObjectiveEvaluation;
  changes: ObjectiveChangeView[];
  createdAt: Date;
  removedAt: Date | null;
}

export interface ObjectivesOverview {
  campaignId: string;
  /** Every objective counts only reach or likes. */
  vanityOnly: boolean;
  evaluatedAt: Date;
  synthetic: boolean;
  objectives: ObjectiveView[];
}
