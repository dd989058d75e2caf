import { invalid } from '../../common/domain-errors.js';
import { parseCheckpoint, type ReportFilter } from './report-model.js';

/** The filters as the query string gives them (validated strings). */
export interface ReportFilterInput {
  campaignId?: string;
  channelId?: string;
  language?: string;
  theme?: string;
  from?: string;
  to?: string;
  at?: string;
}

/** Plain filter values; a period that ends before it starts is a 400 naming `to`. */
export function reportFilterOf(input: ReportFilterInput): ReportFilter {
  const from = input.from === undefined ? undefined : new Date(input.from);
  const to = input.to === undefined ? undefined : new Date(input.to);
  if (from && to && to <= from) {
    throw invalid([{ field: 'to', rule: 'isAfterFrom', message: 'to must be later than from' }]);
  }
  return {
    campaignId: input.campaignId,
    channelId: input.channelId,
    language: input.language,
    theme: input.theme,
    from,
    to,
    at: parseCheckpoint(input.at),
  };
}

/** A required period [from, to) named by its two fields. */
export function periodOf(
  from: string,
  to: string,
  fields: [string, string] = ['from', 'to'],
): { from: Date; to: Date } {
  const period = { from: new Date(from), to: new Date(to) };
  if (period.to <= period.from) {
    throw invalid([
      {
        field: fields[1],
        rule: 'isAfterFrom',
        message: `${fields[1]} must be later than ${fields[0]}`,
      },
    ]);
  }
  return period;
}
