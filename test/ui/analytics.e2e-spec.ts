import AxeBuilder from '@axe-core/playwright';
import { PDFParse } from 'pdf-parse';
import type { Browser, Page } from 'playwright-core';
import {
  insertCampaign,
  insertChannel,
  m,
  publishedPost,
  themedQuote,
} from '../analytics/reports-fixtures.js';
import type { SignedInClient, TestApp } from '../support/test-app.js';
import {
  ensureWebBuilt,
  launchChromium,
  type Person,
  personAt,
  screenshot,
  signInThroughUi,
  startUiApp,
} from './ui-app.js';

/**
 * The evaluation side in a browser: an analyst reads a campaign's objectives, the narratives
 * compared with their sample sizes and the decision marked on the time series, follows a top
 * post to its page; the funder report renders and its PDF (printed by Chromium on the server)
 * holds the objectives and none of the defectors' identifying details.
 */
describe('the Analytics screen and the funder report, in a browser', () => {
  const STEP = 60_000;
  // axe reads every node of a page full of chart SVG: slow on a busy machine.
  const AXE_STEP = 240_000;
  const DAY = 86_400_000;
  const DETAILS = ['Abu Testi al-Iraqi', 'Tal Afar', 'Brigade of the Testing Unit'];
  const DECISION = 'Moved posting to evenings';

  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let analyst: Person;
  let analystApi: SignedInClient;
  let campaignId: string;
  let earlierId: string;
  let period: URLSearchParams;

  /** The page's full width (the test runs in Node, so the DOM is named as a string). */
  const documentWidth = (page: Page) =>
    page.evaluate<number>('document.documentElement.scrollWidth');

  const serious = async (page: Page) =>
    (await new AxeBuilder({ page }).analyze()).violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

  beforeAll(async () => {
    await ensureWebBuilt();
    ({ t, baseUrl } = await startUiApp());
    const now = Date.now();
    const [author, analystUser] = await Promise.all([t.user(['author']), t.user(['analyst'])]);
    const editor = await t.as(['editor']);
    analystApi = await t.signIn(analystUser.email);
    campaignId = await insertCampaign(t, {
      name: 'Voices of return',
      startsAt: new Date(now - 30 * DAY).toISOString(),
    });
    // Beside it: a campaign running longer and one not started yet; the screen opens on the
    // running campaign that started last.
    earlierId = await insertCampaign(t, {
      name: 'Earlier voices',
      startsAt: new Date(now - 90 * DAY).toISOString(),
    });
    await insertCampaign(t, {
      name: 'Next season',
      startsAt: new Date(now + 10 * DAY).toISOString(),
    });
    const channelId = await insertChannel(t, {
      timezone: 'Europe/London',
      language: 'en',
      handle: 'cv_voices',
    });
    const detailRows = [
      { kind: 'real_name', value: DETAILS[0]! },
      { kind: 'hometown', value: DETAILS[1]! },
      { kind: 'unit', value: DETAILS[2]! },
    ];
    const quotes = {
      infighting: await themedQuote(t, ['infighting'], detailRows),
      brutality: await themedQuote(t, ['brutality_against_sunnis']),
      dull: await themedQuote(t, ['dull_duties']),
    };
    // Six and five posts: enough to compare; two on dull duties: too few, said so.
    const plan: [keyof typeof quotes, number][] = [
      ['infighting', 6],
      ['brutality', 5],
      ['dull', 2],
    ];
    let k = 0;
    for (const [theme, count] of plan) {
      for (let i = 0; i < count; i++, k++) {
        await publishedPost(t, author.id, {
          campaignId,
          channelId,
          publishedAt: new Date(now - (20 - k) * DAY).toISOString(),
          quoteIds: [quotes[theme].quoteId],
          snapshots: {
            24:
              k === 3
                ? [m(900, 12, 3, 2), m(400, 4, 1)]
                : [m(1000 + 100 * k, 10 + k * (theme === 'infighting' ? 3 : 1), 2, 1)],
          },
        });
      }
    }
    // The earlier campaign: five posts on infighting five to six weeks ago at 20 engagements per
    // 1,000 impressions, five in the last fortnight at 30.
    for (let i = 0; i < 10; i++) {
      const recent = i >= 5;
      await publishedPost(t, author.id, {
        campaignId: earlierId,
        channelId,
        publishedAt: new Date(now - ((recent ? 10 : 36) + (i % 5)) * DAY).toISOString(),
        quoteIds: [quotes.infighting.quoteId],
        snapshots: { 24: [m(1000, recent ? 30 : 20)] },
      });
    }
    const window = {
      windowFrom: new Date(now - 30 * DAY).toISOString(),
      windowTo: new Date(now + 30 * DAY).toISOString(),
      reason: 'Agreed with the funder at the kick-off',
    };
    await editor
      .post(`/api/analytics/campaigns/${campaignId}/objectives`, {
        metric: 'engagements',
        target: 150,
        ...window,
      })
      .expect(201);
    await editor
      .post(`/api/analytics/campaigns/${campaignId}/objectives`, {
        metric: 'replies',
        target: 5000,
        ...window,
      })
      .expect(201);
    await editor
      .post(`/api/analytics/campaigns/${campaignId}/decisions`, {
        at: new Date(now - 10 * DAY).toISOString(),
        what: DECISION,
        why: 'Replies came mostly after 18:00 local time.',
      })
      .expect(201);
    period = new URLSearchParams({
      from: new Date(now - 30 * DAY).toISOString(),
      to: new Date(now + DAY).toISOString(),
    });
    browser = await launchChromium();
    analyst = await personAt(browser, analystUser.email);
    await signInThroughUi(analyst, baseUrl);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'shows an analyst the objectives, the narratives with sample sizes and the decision marker',
    async () => {
      const { page } = analyst;
      await page.getByRole('link', { name: 'Analytics' }).click();
      await page.getByRole('heading', { name: 'Analytics', level: 1 }).waitFor();
      // Opened on the running campaign that started last, said in the address and the filter.
      await page.waitForURL((url) => url.searchParams.get('campaignId') === campaignId);
      const objectives = page.getByTestId('objective');
      await objectives.first().waitFor();
      // The filter bar and the campaign's sections render from the same filters.
      expect(await page.getByLabel('Campaign').inputValue()).toBe(campaignId);
      expect(await objectives.count()).toBe(2);
      const first = (await objectives.first().textContent()) ?? '';
      expect(first).toMatch(/150 engagements/);
      expect(first).toMatch(/Met|On track|Behind|Missed|Insufficient data/);
      expect(first).toMatch(/n = \d+/);

      const narratives = page.getByTestId('group-theme');
      await narratives.getByText('Show table').click();
      const table = narratives.locator('table');
      await table.getByRole('cell', { name: 'Dull duties' }).waitFor();
      expect(await table.textContent()).toContain('Too few posts to compare (2 of at least 5)');
      expect(await table.textContent()).toMatch(/\(n = 6\)/);
      // Under the narratives, the baseline they are read against: each of the 13 posts once.
      const all = await table
        .locator('tr', { hasText: 'All posts' })
        .locator('th, td')
        .allTextContents();
      expect(all.slice(0, 2)).toEqual(['All posts', '13']);
      expect(await narratives.locator('.chart').getAttribute('aria-label')).toMatch(
        /All posts: [\d.]+ \(13 posts\)/,
      );
      const chart = narratives.locator('.chart');
      expect(await chart.getAttribute('aria-label')).toMatch(/Dull duties too few posts/);
      await chart.locator('svg').waitFor();

      await page.getByRole('heading', { name: 'Decisions in this period' }).waitFor();
      await page.locator('.decision-markers').getByText(DECISION).waitFor();
      await page.locator('.chart svg text', { hasText: DECISION }).first().waitFor();
      await screenshot(page, 'analytics-1440');
    },
    STEP,
  );

  it(
    'has no serious accessibility problem and fits a phone',
    async () => {
      const { page } = analyst;
      await page.setViewportSize({ width: 1440, height: 900 });
      expect(await serious(page)).toEqual([]);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.locator('.chart svg').first().waitFor();
      expect(await serious(page)).toEqual([]);
      expect(await documentWidth(page)).toBeLessThanOrEqual(390);
      await screenshot(page, 'analytics-390');
      await page.setViewportSize({ width: 1366, height: 900 });
    },
    AXE_STEP,
  );

  it(
    'links each top post to its page',
    async () => {
      const { page } = analyst;
      const top = page.locator('.ranked-posts').first().getByRole('link').first();
      await top.click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(new URL(page.url()).pathname).toMatch(/^\/posts\/[0-9a-f-]{36}$/);
    },
    STEP,
  );

  it(
    'remembers "All campaigns" as the campaign it opens on next time',
    async () => {
      const { page } = analyst;
      await page.goto(`${baseUrl}/analytics`);
      await page.waitForURL((url) => url.searchParams.get('campaignId') === campaignId);
      await page.getByLabel('Campaign').selectOption({ label: 'All campaigns' });
      await page.getByText('Choose a campaign to see its objectives').waitFor();
      await page.goto(`${baseUrl}/analytics`);
      await page.waitForURL((url) => url.searchParams.get('campaignId') === 'all');
      await page.getByText('Choose a campaign to see its objectives').waitFor();
      expect(await page.getByTestId('objective').count()).toBe(0);
      await page.getByLabel('Campaign').selectOption({ label: 'Voices of return' });
      await page.getByTestId('objective').first().waitFor();
    },
    STEP,
  );

  it(
    'compares the last four weeks with the four before, by narrative, when asked',
    async () => {
      const { page } = analyst;
      await page.goto(`${baseUrl}/analytics?campaignId=${earlierId}`);
      const section = page.getByTestId('period-comparison');
      expect(await section.locator('table').count()).toBe(0);
      await section.getByText('Compare the recent days with as many days before').click();
      const row = section.getByTestId('compared-group');
      await row.first().waitFor();
      expect(await row.count()).toBe(1);
      const cells = await row.first().locator('th, td').allTextContents();
      expect(cells).toEqual(['Infighting', '5 → 5', '20 (n = 5)', '30 (n = 5)', '+10 (+50 %)']);
      const total = await section.locator('.table-total').locator('th, td').allTextContents();
      expect(total).toEqual(['All posts', '5 → 5', '20 (n = 5)', '30 (n = 5)', '+10 (+50 %)']);
      await section.scrollIntoViewIfNeeded();
      await screenshot(page, 'analytics-compare');
      // A week against the week before: the recent posts only, too few to compare.
      await section.getByLabel('Recent period').selectOption({ label: 'Last 7 days' });
      await section.getByText('Too few posts to compare (0 of at least 5)').waitFor();
      const csv = await section
        .getByRole('link', { name: 'This comparison (CSV)' })
        .getAttribute('href');
      expect(csv).toContain('/api/analytics/compare.csv?');
      expect(new URLSearchParams(csv!.split('?')[1]).get('campaignId')).toBe(earlierId);
      expect(await serious(page)).toEqual([]);
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await documentWidth(page)).toBeLessThanOrEqual(390);
      await page.setViewportSize({ width: 1366, height: 900 });
    },
    AXE_STEP,
  );

  it(
    'renders the funder report page for print',
    async () => {
      const { page } = analyst;
      await page.goto(`${baseUrl}/analytics/report/${campaignId}?${period}`);
      await page.locator('[data-report-state="ready"]').waitFor();
      await page.getByRole('heading', { name: 'Voices of return', level: 1 }).waitFor();
      await page.getByRole('heading', { name: 'Method notes' }).waitFor();
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).toContain(DECISION);
      expect(text).toContain('150 engagements');
      for (const detail of DETAILS) expect(text).not.toContain(detail);
      for (const size of [
        { width: 1440, height: 900 },
        { width: 390, height: 844 },
      ]) {
        await page.setViewportSize(size);
        expect(await serious(page)).toEqual([]);
      }
      expect(await documentWidth(page)).toBeLessThanOrEqual(390);
      await page.setViewportSize({ width: 1440, height: 900 });
      await screenshot(page, 'funder-report');
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('nav#primary-nav').isVisible()).toBe(false);
      await screenshot(page, 'funder-report-print');
      await page.emulateMedia({ media: 'screen' });
    },
    AXE_STEP,
  );

  it(
    'prints the funder report to a PDF with the objectives and no identifying detail',
    async () => {
      const res = await analystApi
        .get(`/api/analytics/campaigns/${campaignId}/funder-report.pdf?${period}`)
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200)
        .expect('Content-Type', 'application/pdf');
      const pdf = res.body as Buffer;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const parser = new PDFParse({ data: new Uint8Array(pdf) });
      const { text } = await parser.getText();
      await parser.destroy();
      expect(text).toContain('Objectives and their state');
      expect(text).toContain('150 engagements');
      expect(text).toContain('5,000 replies');
      expect(text).toContain(DECISION);
      expect(text).toContain('Method notes');
      for (const detail of DETAILS) expect(text).not.toContain(detail);
    },
    STEP,
  );

  it(
    'refuses the PDF to an author and answers a bad period with the field',
    async () => {
      const author = await t.as(['author']);
      await author
        .get(`/api/analytics/campaigns/${campaignId}/funder-report.pdf?${period}`)
        .expect(403);
      const bad = await analystApi
        .get(`/api/analytics/campaigns/${campaignId}/funder-report.pdf?from=yesterday&to=today`)
        .expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['from', 'to']),
      );
    },
    STEP,
  );
});
