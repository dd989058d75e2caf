import fc from 'fast-check';
import {
  approvedPost,
  createCampaign,
  publishingTeam,
  type PublishingTeam,
} from '../support/publishing-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

describe('scheduling from the calendar: open slots, refusals with the next allowed time, one draft for several channels', () => {
  let t: TestApp;
  let team: PublishingTeam;
  let campaignId: string;
  let texts = 0;

  beforeAll(async () => {
    t = await startTestApp();
    team = await publishingTeam(t);
    campaignId = await createCampaign(team);
  });
  afterAll(() => t.close());

  const channel = async (rules: {
    times: string[];
    minSpacingMinutes: number;
    dailyCap: number;
    timezone?: string;
  }) =>
    (
      await team.admin
        .post('/api/channels', {
          platform: 'sandbox',
          handle: `cal_${Math.random().toString(36).slice(2, 10)}`,
          language: 'en',
          timezone: rules.timezone ?? 'UTC',
          weeklySlots: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) =>
            rules.times.map((time) => ({ weekday, time })),
          ),
          minSpacingMinutes: rules.minSpacingMinutes,
          dailyCap: rules.dailyCap,
        })
        .expect(201)
    ).body.id as string;

  const approved = (channelId: string) =>
    approvedPost(team, { campaignId, channelId }, [`Calendar post ${++texts}`]);

  /** A post placed in the channel's next free slot, crowding out the slots near it. */
  const approvedAndPlaced = async (channelId: string) =>
    team.editor
      .post(`/api/posts/${await approved(channelId)}/schedule`, { nextFreeSlot: true })
      .expect(200);

  const closedWindow = (channelId: string, kind: 'pause' | 'blackout', start: Date, end: Date) =>
    team.editor
      .post('/api/pauses', {
        kind,
        scope: 'channel',
        channelId,
        startsAt: start.toISOString(),
        endsAt: end.toISOString(),
        reason: `Test ${kind}`,
      })
      .expect(201);

  /** A random pause or blackout, placed relative to `now`. */
  const windowAhead = (
    channelId: string,
    window: { kind: 'pause' | 'blackout'; startHours: number; lengthHours: number },
    now: number,
  ) =>
    closedWindow(
      channelId,
      window.kind,
      new Date(now + window.startHours * HOUR_MS),
      new Date(now + (window.startHours + window.lengthHours) * HOUR_MS),
    );

  const timeArb = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  const rulesArb = fc.record({
    times: fc.uniqueArray(timeArb, { minLength: 1, maxLength: 4 }),
    minSpacingMinutes: fc.integer({ min: 0, max: 300 }),
    dailyCap: fc.integer({ min: 1, max: 3 }),
    timezone: fc.constantFrom('UTC', 'Europe/London', 'Asia/Kolkata'),
  });
  const windowArb = fc.option(
    fc.record({
      kind: fc.constantFrom<'pause' | 'blackout'>('pause', 'blackout'),
      startHours: fc.integer({ min: 0, max: 72 }),
      lengthHours: fc.integer({ min: 1, max: 36 }),
    }),
    { nil: undefined },
  );

  it('draws as open slots exactly what the next-free-slot search picks, one after another', async () => {
    await fc.assert(
      fc.asyncProperty(
        rulesArb,
        windowArb,
        fc.integer({ min: 1, max: 3 }),
        async (rules, window, placements) => {
          const channelId = await channel(rules);
          const now = Date.now();
          if (window) await windowAhead(channelId, window, now);
          for (let i = 0; i < placements; i++) {
            const res = await team.admin
              .get(
                `/api/slots?channelId=${channelId}&campaignId=${campaignId}&from=${new Date().toISOString()}&to=${new Date(now + 14 * DAY_MS).toISOString()}`,
              )
              .expect(200);
            expect(res.body).toHaveLength(1);
            const [open] = res.body as { channelId: string; slots: string[] }[];
            expect(open!.channelId).toBe(channelId);
            const scheduled = await team.editor
              .post(`/api/posts/${await approved(channelId)}/schedule`, { nextFreeSlot: true })
              .expect(200);
            expect(scheduled.body.scheduledAt).toBe(open!.slots[0]);
            // A taken slot is no longer open; the ones it does not crowd out stay open.
            const after = await team.admin
              .get(
                `/api/slots?channelId=${channelId}&campaignId=${campaignId}&from=${new Date().toISOString()}&to=${new Date(now + 14 * DAY_MS).toISOString()}`,
              )
              .expect(200);
            const still = (after.body as { slots: string[] }[])[0]!.slots;
            expect(still).not.toContain(open!.slots[0]);
            expect(open!.slots).toEqual(expect.arrayContaining(still));
          }
        },
      ),
      { numRuns: 6 },
    );
  });

  it('keeps a spacing longer than a day from posts placed well before the period it shows or searches', async () => {
    // The slot searches once read taken posts from a fixed day and a half back, so a post placed
    // further back than that was invisible to a channel spaced wider (a post every two days, say).
    await fc.assert(
      fc.asyncProperty(
        rulesArb,
        fc.integer({ min: 0, max: 5 * 24 }),
        fc.integer({ min: 0, max: 100 }),
        async (rules, spacingHours, laterPercent) => {
          const spacingMs = spacingHours * HOUR_MS;
          // The period starts mostly within the spacing, where the placed post still counts.
          const laterHours = 1 + Math.round(((spacingHours + 24) * laterPercent) / 100);
          const channelId = await channel({ ...rules, minSpacingMinutes: spacingHours * 60 });
          const first = await team.editor
            .post(`/api/posts/${await approved(channelId)}/schedule`, { nextFreeSlot: true })
            .expect(200);
          const placed = Date.parse(first.body.scheduledAt);
          const from = new Date(placed + laterHours * HOUR_MS);
          const res = await team.admin
            .get(
              `/api/slots?channelId=${channelId}&from=${from.toISOString()}&to=${new Date(from.getTime() + 14 * DAY_MS).toISOString()}`,
            )
            .expect(200);
          const slots = (res.body as { slots: string[] }[])[0]!.slots;
          expect(slots.length).toBeGreaterThan(0);
          for (const slot of slots)
            expect(Date.parse(slot) - placed).toBeGreaterThanOrEqual(spacingMs);
          // The calendar and an explicit time agree: the first open slot is accepted as it is.
          const second = await team.editor
            .post(`/api/posts/${await approved(channelId)}/schedule`, { at: slots[0] })
            .expect(200);
          expect(second.body.scheduledAt).toBe(slots[0]);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('keeps the spacing from posts placed after the end of the period it shows', async () => {
    // A search reads the taken posts it may step past, not the whole calendar: the read has to
    // reach past the period's end by the spacing, however long.
    await fc.assert(
      fc.asyncProperty(
        rulesArb,
        fc.integer({ min: 0, max: 5 * 24 }),
        fc.integer({ min: 0, max: 100 }),
        async (rules, spacingHours, earlierPercent) => {
          const spacingMs = spacingHours * HOUR_MS;
          const channelId = await channel({ ...rules, minSpacingMinutes: spacingHours * 60 });
          const placed = Date.now() + 8 * DAY_MS;
          await team.editor
            .post(`/api/posts/${await approved(channelId)}/schedule`, {
              at: new Date(placed).toISOString(),
            })
            .expect(200);
          // The period ends mostly within the spacing before the placed post, where it counts.
          const earlierHours = 1 + Math.round(((spacingHours + 24) * earlierPercent) / 100);
          const to = new Date(placed - earlierHours * HOUR_MS);
          const from = new Date(Math.max(Date.now(), to.getTime() - 14 * DAY_MS));
          const res = await team.admin
            .get(
              `/api/slots?channelId=${channelId}&from=${from.toISOString()}&to=${to.toISOString()}`,
            )
            .expect(200);
          for (const slot of (res.body as { slots: string[] }[])[0]!.slots)
            expect(placed - Date.parse(slot)).toBeGreaterThanOrEqual(spacingMs);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('refuses a time that breaks a rule, naming it and the next allowed time, at which scheduling succeeds', async () => {
    const rules = ['spacing', 'daily_cap', 'pause', 'blackout'];
    await fc.assert(
      fc.asyncProperty(
        rulesArb,
        windowArb,
        fc.array(fc.integer({ min: 2, max: 96 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 2 * 60, max: 96 * 60 }),
        async (channelRules, window, takenHours, atMinutes) => {
          const channelId = await channel(channelRules);
          const now = Date.now();
          if (window) await windowAhead(channelId, window, now);
          for (const hours of takenHours)
            await team.editor.post(`/api/posts/${await approved(channelId)}/schedule`, {
              at: new Date(now + hours * HOUR_MS).toISOString(),
            }); // some of these are refused themselves; those that fit make the calendar busier
          const id = await approved(channelId);
          const res = await team.editor.post(`/api/posts/${id}/schedule`, {
            at: new Date(now + atMinutes * 60_000).toISOString(),
          });
          if (res.status === 200) return;
          expect(res.status).toBe(409);
          expect(rules).toContain(res.body.rule);
          expect(res.body.detail).toMatch(/\.$/);
          expect(typeof res.body.nextAllowedAt).toBe('string');
          const retried = await team.editor
            .post(`/api/posts/${id}/schedule`, { at: res.body.nextAllowedAt })
            .expect(200);
          expect(retried.body.scheduledAt).toBe(res.body.nextAllowedAt);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('refuses a time inside a blackout, proposing its end', async () => {
    const channelId = await channel({ times: ['09:00'], minSpacingMinutes: 0, dailyCap: 5 });
    const start = new Date(Date.now() + DAY_MS);
    const end = new Date(start.getTime() + 6 * HOUR_MS + 30 * 60_000);
    await closedWindow(channelId, 'blackout', start, end);
    const id = await approved(channelId);
    const res = await team.editor
      .post(`/api/posts/${id}/schedule`, {
        at: new Date(start.getTime() + HOUR_MS).toISOString(),
      })
      .expect(409);
    const minute = Math.ceil(end.getTime() / 60_000) * 60_000;
    expect(res.body).toMatchObject({
      rule: 'blackout',
      nextAllowedAt: new Date(minute).toISOString(),
    });
    expect(res.body.detail).toContain('blackout');
  });

  it('creates one draft per channel from one text, each needing its own approval', async () => {
    const [first, second] = await Promise.all([
      channel({ times: ['09:00'], minSpacingMinutes: 0, dailyCap: 5 }),
      channel({ times: ['10:00'], minSpacingMinutes: 0, dailyCap: 5 }),
    ]);
    const res = await team.author
      .post('/api/posts/batch', {
        campaignId,
        channelIds: [first, second],
        segments: ['One voice, two accounts'],
      })
      .expect(201);
    expect(res.body.map((p: { channelId: string }) => p.channelId)).toEqual([first, second]);
    expect(res.body.every((p: { status: string }) => p.status === 'draft')).toBe(true);
    const [a, b] = res.body.map((p: { id: string }) => p.id) as [string, string];
    expect(a).not.toBe(b);
    for (const id of [a, b]) await team.author.post(`/api/posts/${id}/submit`).expect(200);
    await team.editor
      .post(`/api/posts/${a}/reviews`, { revision: 1, stage: 'editorial', decision: 'approve' })
      .expect(200);
    expect((await team.editor.get(`/api/posts/${a}`).expect(200)).body.status).toBe('approved');
    expect((await team.editor.get(`/api/posts/${b}`).expect(200)).body.status).toBe('in_review');
  });

  it('creates none when one channel cannot take posts, naming that channel', async () => {
    const good = await channel({ times: ['09:00'], minSpacingMinutes: 0, dailyCap: 5 });
    const missing = '00000000-0000-4000-8000-000000000000';
    const before = await t.query('SELECT count(*)::int AS n FROM posts');
    const res = await team.author
      .post('/api/posts/batch', {
        campaignId,
        channelIds: [good, missing],
        segments: ['Nowhere to go'],
      })
      .expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'channelIds[1]' })]);
    expect(await t.query('SELECT count(*)::int AS n FROM posts')).toEqual(before);
    await team.author
      .post('/api/posts/batch', { campaignId, channelIds: [], segments: ['x'] })
      .expect(400);
  });

  it('counts the open slots on each date of the viewer’s time zone, as the list has them', async () => {
    await fc.assert(
      fc.asyncProperty(
        rulesArb,
        windowArb,
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom('UTC', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Auckland'),
        async (rules, window, placed, viewer) => {
          const channelId = await channel(rules);
          const now = Date.now();
          if (window) await windowAhead(channelId, window, now);
          for (let i = 0; i < placed; i++) await approvedAndPlaced(channelId);
          const period = `from=${new Date(now).toISOString()}&to=${new Date(now + 10 * DAY_MS).toISOString()}&channelId=${channelId}&campaignId=${campaignId}`;
          const [listed] = (await team.editor.get(`/api/slots?${period}`).expect(200)).body as {
            slots: string[];
          }[];
          const dateIn = new Intl.DateTimeFormat('en-CA', { timeZone: viewer });
          const expected = new Map<string, number>();
          for (const slot of listed!.slots) {
            const date = dateIn.format(new Date(slot));
            expected.set(date, (expected.get(date) ?? 0) + 1);
          }
          const days = await team.editor
            .get(`/api/slots/days?${period}&timezone=${encodeURIComponent(viewer)}`)
            .expect(200);
          expect(days.body).toEqual({
            days: [...expected]
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([date, open]) => ({ date, open })),
            nextOpenAt: listed!.slots[0] ?? null,
          });
        },
      ),
      { numRuns: 12 },
    );
  });

  it('refuses open days without a time zone it knows, naming the field', async () => {
    const from = new Date();
    const to = new Date(from.getTime() + DAY_MS);
    for (const zone of ['', 'Mars/Olympus']) {
      const res = await team.editor
        .get(`/api/slots/days?from=${from.toISOString()}&to=${to.toISOString()}&timezone=${zone}`)
        .expect(400);
      expect(
        res.body.errors.map((e: { field: string; rule: string }) => [e.field, e.rule]),
      ).toContainEqual(['timezone', 'isIanaTimezone']);
    }
  });

  it('validates the slots period', async () => {
    const from = new Date();
    await team.editor
      .get(
        `/api/slots?from=${from.toISOString()}&to=${new Date(from.getTime() + 70 * DAY_MS).toISOString()}`,
      )
      .expect(400);
    await team.editor.get(`/api/slots?from=nope&to=${from.toISOString()}`).expect(400);
    const all = await team.editor
      .get(
        `/api/slots?from=${from.toISOString()}&to=${new Date(from.getTime() + DAY_MS).toISOString()}`,
      )
      .expect(200);
    expect(Array.isArray(all.body)).toBe(true);
  });
});
