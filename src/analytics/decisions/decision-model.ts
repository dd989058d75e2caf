import { periodOf } from '../reports/report-filter.js';

export interface DecisionInput {
  /** When the adjustment took effect. */
  at: string;
  what: string;
  why: string;
}

export interface DecisionView {
  id: string;
  campaignId: string;
  at: Date;
  what: string;
  why: string;
  recordedAt: Date;
}

/** The log's filters from query strings; a period that ends before it starts is a 400. */
export function decisionFilterOf(query: { campaignId?: string; from?: string; to?: string }): {
  campaignId?: string;
  from?: Date;
  to?: Date;
} {
  const period =
    query.from && query.to
      ? periodOf(query.from, query.to)
      : {
          from: query.from ? new Date(query.from) : undefined,
          to: query.to ? new Date(query.to) : undefined,
        };
  return { campaignId: query.campaignId, ...period };
}
