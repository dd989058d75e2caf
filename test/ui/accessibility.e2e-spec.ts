import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/demo-users.js';
import { publishingTeam, scheduledPost } from '../support/publishing-fixtures.js';
import type { TestApp } from '../support/test-app.js';
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
 * Every screen of the app, as the demo team sees it, at a desktop and a phone viewport: axe finds
 * no critical or serious violation on our own pages, and at 390 px no page is wider than the
 * screen (no horizontal scrolling). The demo seed gives the screens real content.
 */
const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

interface Ids {
  quote: string;
  post: string;
  campaign: string;
}

interface Screen {
  /** Stable name, for the test title and the screenshot file. */
  name: string;
  path: (ids: Ids) => string;
  /** The screen's own heading: the checks run on the loaded screen, not on a spinner. */
  heading: RegExp;
}

/** The instant `days` before now, as the report period's bounds are given. */
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

const screen = (name: string, path: string | ((ids: Ids) => string), heading: RegExp): Screen => ({
  name,
  path: typeof path === 'string' ? () => path : path,
  heading,
});

/** Who sees what: each role's own screens (admins see every screen but Compose and Review). */
const SCREENS: Record<'admin' | 'author' | 'editor' | 'safety' | 'analyst', Screen[]> = {
  admin: [
    screen('today', '/', /^Today$/),
    screen('library', '/library', /^Quote library$/),
    screen('quote-new', '/library/new', /^Add quote$/),
    screen('quote-import', '/library/import', /^Import quotes/),
    screen('quote', (ids) => `/library/${ids.quote}`, /^Quote from/),
    screen('quote-edit', (ids) => `/library/${ids.quote}/edit`, /^Edit quote$/),
    screen('posts', '/posts', /^Posts$/),
    screen('post', (ids) => `/posts/${ids.post}`, /^Post on/),
    screen('calendar', '/calendar', /^Calendar$/),
    screen('feed', '/feed', /^Sandbox feed$/),
    screen('analytics', '/analytics', /^Analytics$/),
    screen(
      'funder-report',
      // The demo's eight weeks of history, as the Analytics screen links to it.
      (ids) => `/analytics/report/${ids.campaign}?from=${daysAgo(60)}&to=${daysAgo(-1)}`,
      /Voices of return/,
    ),
    screen('notifications', '/notifications', /^Notifications$/),
    screen('notification-settings', '/notifications/preferences', /^Notification settings$/),
    screen('preferences', '/preferences', /^Your preferences$/),
    screen('settings-campaigns', '/settings/campaigns', /^Settings$/),
    screen('settings-channels', '/settings/channels', /^Settings$/),
    screen('settings-pauses', '/settings/pauses', /^Settings$/),
    screen('settings-users', '/settings/users', /^Settings$/),
    screen('settings-audit', '/settings/audit', /^Settings$/),
    screen('settings-webhooks', '/settings/webhooks', /^Settings$/),
    screen('not-found', '/no-such-page', /^Page not found$/),
  ],
  author: [
    screen('today', '/', /^Today$/),
    screen('compose', '/compose', /^Compose$/),
    screen('post', (ids) => `/posts/${ids.post}`, /^Post on/),
  ],
  editor: [screen('review', '/review', /^Review queue$/)],
  safety: [
    screen('review', '/review', /^Review queue$/),
    screen('quote', (ids) => `/library/${ids.quote}`, /^Quote from/),
  ],
  analyst: [screen('today', '/', /^Today$/), screen('analytics', '/analytics', /^Analytics$/)],
};

describe('every screen is accessible and fits a phone', () => {
  const STEP = 60_000;
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  const ids = {} as Ids;

  beforeAll(async () => {
    await ensureWebBuilt();
    ({ t, baseUrl } = await startUiApp({ DEMO_MODE: 'true' }));
    const admin = await t.signIn('admin@demo.countervoice.test', DEMO_PASSWORD);
    ids.quote = (await admin.get('/api/library/quotes?limit=1').expect(200)).body.items[0].id;
    // The demo seeds no posts: a scheduled one gives the post page, lists and calendar content.
    const campaignId = (await admin.get('/api/campaigns').expect(200)).body.items[0].id;
    ids.campaign = campaignId;
    const channelId = (await admin.get('/api/channels').expect(200)).body[0].id;
    ids.post = await scheduledPost(
      t,
      await publishingTeam(t),
      { campaignId, channelId },
      ['Eight months of guarding an empty road.', 'Nobody back home knew.'],
      new Date(Date.now() + 3 * 86_400_000),
    );
    browser = await launchChromium();
  }, STEP);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, STEP);

  /** What axe reports as critical or serious, one line per node, readable in a failure. */
  const seriousViolations = async (page: Page): Promise<string[]> => {
    const result = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    return result.violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
  };

  for (const viewport of VIEWPORTS) {
    for (const [role, screens] of Object.entries(SCREENS)) {
      describe(`${role} at ${viewport.width}×${viewport.height}`, () => {
        let person: Person;
        beforeAll(async () => {
          person = await personAt(browser, `${role}@demo.countervoice.test`, viewport);
          await signInThroughUi(person, baseUrl, DEMO_PASSWORD);
        }, STEP);
        afterAll(() => person?.context.close(), STEP);

        for (const s of screens) {
          it(
            s.name,
            async () => {
              const { page } = person;
              await page.goto(`${baseUrl}${s.path(ids)}`);
              await page
                .getByRole('heading', { level: 1, name: s.heading })
                .first()
                .waitFor()
                .catch(async (error: unknown) => {
                  // What the screen showed instead, for whoever reads the failure.
                  await screenshot(page, `a11y-failed-${viewport.name}-${role}-${s.name}`);
                  throw error;
                });
              await page.waitForLoadState('networkidle');
              if (role === 'admin' || s.name === 'compose')
                await screenshot(page, `a11y-${viewport.name}-${s.name}`);
              expect(await seriousViolations(page)).toEqual([]);
              // Evaluated in the page (the test's own TypeScript has no DOM types).
              const width = await page.evaluate<{ document: number; viewport: number }>(
                '({ document: document.documentElement.scrollWidth, viewport: window.innerWidth })',
              );
              expect(width.document).toBeLessThanOrEqual(width.viewport);
            },
            STEP,
          );
        }
      });
    }
  }
});
