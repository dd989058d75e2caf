import fc from 'fast-check';
import { evaluateObjective } from './objective-state.js';

const window = { windowFrom: '2026-03-01T00:00:00.000Z', windowTo: '2026-03-31T00:00:00.000Z' };
const midway = new Date('2026-03-16T00:00:00.000Z');
const after = new Date('2026-04-02T00:00:00.000Z');
const terms = (metric: Parameters<typeof evaluateObjective>[0]['metric'], target: number) => ({
  ...window,
  metric,
  target,
  minSample: 5,
});

describe('evaluateObjective', () => {
  it('is met as soon as a total reaches its target, with the numbers that decided it', () => {
    expect(
      evaluateObjective(terms('impressions', 10000), { value: 12400, n: 38 }, midway),
    ).toMatchObject({
      state: 'met',
      rule: 'met: 12,400 impressions ≥ target 10,000 over 38 posts with known impressions',
    });
  });

  it('is insufficient_data below the minimum sample, unless a total already met its target', () => {
    expect(evaluateObjective(terms('engagements', 500), { value: 100, n: 4 }, after)).toMatchObject(
      {
        state: 'insufficient_data',
        rule: 'insufficient data: 4 posts, fewer than the minimum of 5',
      },
    );
    expect(evaluateObjective(terms('engagements', 50), { value: 100, n: 4 }, after).state).toBe(
      'met',
    );
    expect(evaluateObjective(terms('engagement_rate', 10), { value: 30, n: 4 }, after).state).toBe(
      'insufficient_data',
    );
    expect(evaluateObjective(terms('impressions', 10), { value: null, n: 0 }, midway).state).toBe(
      'insufficient_data',
    );
  });

  it('judges a running window against the pro-rata share of the target', () => {
    // Half the window has elapsed: 5,000 of 10,000 are expected.
    expect(
      evaluateObjective(terms('engagements', 10000), { value: 5200, n: 20 }, midway),
    ).toMatchObject({
      state: 'on_track',
      expected: 5000,
      elapsed: 0.5,
      rule: 'on track: 5,200 engagements ≥ 5,000 expected by now (50% of the window; target 10,000) over 20 posts',
    });
    expect(
      evaluateObjective(terms('engagements', 10000), { value: 4000, n: 20 }, midway).state,
    ).toBe('behind');
  });

  it('holds a rate to its target all along and decides it only when the window ends', () => {
    const rate = terms('engagement_rate', 12);
    expect(evaluateObjective(rate, { value: 15, n: 9 }, midway)).toMatchObject({
      state: 'on_track',
      expected: 12,
    });
    expect(evaluateObjective(rate, { value: 10, n: 9 }, midway).state).toBe('behind');
    expect(evaluateObjective(rate, { value: 15, n: 9 }, after)).toMatchObject({
      state: 'met',
      rule: 'met: 15 engagements per 1,000 impressions ≥ target 12 over 9 posts with known impressions',
    });
    expect(evaluateObjective(rate, { value: 10, n: 9 }, after)).toMatchObject({
      state: 'missed',
      rule: 'missed: 10 engagements per 1,000 impressions < target 12 over 9 posts with known impressions',
    });
  });

  it('is missed when the window ends short of the target', () => {
    expect(evaluateObjective(terms('replies', 300), { value: 120, n: 40 }, after)).toMatchObject({
      state: 'missed',
      rule: 'missed: 120 replies < target 300 over 40 posts',
    });
  });

  it('needs two days of follower counts; counts posts published without a sample minimum', () => {
    expect(
      evaluateObjective(terms('followers_gained', 100), { value: 5, n: 1 }, midway),
    ).toMatchObject({ state: 'insufficient_data' });
    expect(
      evaluateObjective(terms('posts_published', 60), { value: 3, n: 3 }, after),
    ).toMatchObject({
      state: 'missed',
      rule: 'missed: 3 posts published < target 60 over 3 posts',
    });
  });

  it('never calls a running objective missed nor a finished one on track', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'impressions',
          'engagements',
          'engagement_rate',
          'likes',
          'posts_published' as const,
        ),
        fc.integer({ min: 0, max: 100000 }),
        fc.option(fc.integer({ min: 0, max: 100000 }), { nil: null }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: -10, max: 40 }),
        (metric, target, value, n, day) => {
          const now = new Date(Date.parse(window.windowFrom) + day * 86400_000);
          const { state, elapsed } = evaluateObjective(terms(metric, target), { value, n }, now);
          if (elapsed < 1) expect(state).not.toBe('missed');
          else expect(['on_track', 'behind']).not.toContain(state);
        },
      ),
    );
  });
});
