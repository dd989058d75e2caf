import type { DecisionView } from '../decisions/decision-model.js';
import type { ObjectivesOverview } from '../objectives/objective-model.js';
import type { GroupedReport } from '../reports/report-model.js';

export interface FunderReport {
  campaign: {
    id: string;
    name: string;
    goal: string;
    audience: string;
    timezone: string;
    startsAt: Date | null;
    endsAt: Date | null;
  };
  from: Date;
  to: Date;
  generatedAt: Date;
  synthetic: boolean;
  /** Objective changes carry no names here: who changed what stays in the audit log. */
  objectives: ObjectivesOverview;
  /** Results by narrative (theme) over the period. */
  narratives: GroupedReport;
  languages: GroupedReport;
  decisions: DecisionView[];
  methodNotes: string[];
  privacyStatement: string;
}
