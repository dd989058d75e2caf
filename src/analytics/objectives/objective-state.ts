import type { ObjectiveMetric } from '../../db/schema/evaluation.js';
import type { ObjectiveEvaluation, ObjectiveTerms } from './objective-model.js';

/** What was measured for an objective over its window and scope so far. */
export interface Measurement {
  /** The figure; null when nothing could be measured (e.g. no impressions known). */
  value: number | null;
  /** Posts behind it (impression-known posts for impression metrics; days for followers). */
  n: number;
}

const UNITS: Record<ObjectiveMetric, string> = {
  impressions: 'impressions',
  engagements: 'engagements',
  engagement_rate: 'engagements per 1,000 impressions',
  likes: 'likes',
  reposts: 'reposts',
  replies: 'replies',
  quotes: 'quotes',
  bookmarks: 'bookmarks',
  followers_gained: 'followers gained',
  posts_published: 'posts published',
};

/** Follower gains need a first and a last day's count. */
const MIN_FOLLOWER_DAYS = 2;

const fmt = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 2 });

function sampleOf(metric: ObjectiveMetric, n: number): string {
  if (metric === 'followers_gained') return `${n} days of follower counts`;
  if (metric === 'impressions' || metric === 'engagement_rate') {
    return `${n} ${n === 1 ? 'post' : 'posts'} with known impressions`;
  }
  return `${n} ${n === 1 ? 'post' : 'posts'}`;
}

/**
 * The state of an objective at `now`, with the rule and numbers that decided it:
 * - a total (everything but engagement_rate) is met as soon as it reaches the target;
 * - too small a sample (fewer than `minSample` posts, or impression-known posts for impression
 *   metrics; fewer than two days of follower counts) is insufficient_data — posts_published is
 *   its own sample and is never insufficient;
 * - when the window has ended: met or missed against the target;
 * - while it runs: on_track when at or above the pro-rata expectation (target × share of the
 *   window elapsed; a rate is expected at its target all along), else behind.
 */
export function evaluateObjective(
  terms: Pick<ObjectiveTerms, 'metric' | 'target' | 'windowFrom' | 'windowTo' | 'minSample'>,
  measured: Measurement,
  now: Date,
): ObjectiveEvaluation {
  const from = Date.parse(terms.windowFrom);
  const to = Date.parse(terms.windowTo);
  const elapsed = Math.min(1, Math.max(0, (now.getTime() - from) / (to - from)));
  const unit = UNITS[terms.metric];
  const rate = terms.metric === 'engagement_rate';
  const { value: actual, n } = measured;
  const sample = sampleOf(terms.metric, n);
  const base = { actual, n, elapsed };

  if (!rate && actual !== null && actual >= terms.target) {
    return {
      ...base,
      state: 'met',
      expected: terms.target,
      rule: `met: ${fmt(actual)} ${unit} ≥ target ${fmt(terms.target)} over ${sample}`,
    };
  }
  const minimum =
    terms.metric === 'followers_gained'
      ? MIN_FOLLOWER_DAYS
      : terms.metric === 'posts_published'
        ? 0
        : terms.minSample;
  if (n < minimum || actual === null) {
    return {
      ...base,
      state: 'insufficient_data',
      expected: null,
      rule: `insufficient data: ${sample}, fewer than the minimum of ${minimum}`,
    };
  }
  if (elapsed >= 1) {
    const met = actual >= terms.target;
    return {
      ...base,
      state: met ? 'met' : 'missed',
      expected: terms.target,
      rule: `${met ? 'met' : 'missed'}: ${fmt(actual)} ${unit} ${met ? '≥' : '<'} target ${fmt(terms.target)} over ${sample}`,
    };
  }
  const expected = rate ? terms.target : terms.target * elapsed;
  const onTrack = actual >= expected;
  const pace = rate
    ? `target ${fmt(terms.target)}`
    : `${fmt(Math.round(expected * 100) / 100)} expected by now (${Math.round(elapsed * 100)}% of the window; target ${fmt(terms.target)})`;
  return {
    ...base,
    state: onTrack ? 'on_track' : 'behind',
    expected,
    rule: `${onTrack ? 'on track' : 'behind'}: ${fmt(actual)} ${unit} ${onTrack ? '≥' : '<'} ${pace} over ${sample}`,
  };
}
