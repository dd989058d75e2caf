import AxeBuilder from '@axe-core/playwright';
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { weightedLength } from '../../src/posts/weighted-length.js';
import { insertQuote } from '../support/library-fixtures.js';
import { approvedPost, createCampaign, waitFor } from '../support/publishing-fixtures.js';
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
 * The calendar that schedules and the Compose screen, in Chromium against the real app: dragging
 * a post to another time (allowed, and refused with the reason and the next allowed time), the
 * list view on a phone, links previewed as X shows them, "Use in a post", one draft for two
 * channels, the unsaved-text warning and the restored draft, and a second save that keeps its
 * author's text against the revision saved meanwhile.
 */
describe('the calendar and Compose, in a browser', () => {
  const STEP = 150_000;
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let editor: Person;
  let author: Person;
  const api: Record<'admin' | 'author' | 'editor' | 'author2', SignedInClient> = {} as never;
  let campaignId: string;
  let channelA: string;
  let channelB: string;
  let quoteId: string;
  let moved: string;
  let neighbour: string;
  let texts = 0;
  /** Where the first drag put the moved post. */
  let movedAt: string;
  const hhmm = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).toFormat('HH:mm');
  // Tomorrow (UTC, the browsers' zone), so every time used is ahead and in one day column.
  const day = DateTime.utc().plus({ days: 1 }).startOf('day');
  const hour = (h: number) => day.plus({ hours: h }).toISO()!;

  const at = (path: string) => `${baseUrl}${path}`;
  const heading = (page: Page, name: string) =>
    page.getByRole('heading', { name, level: 1 }).waitFor();
  const post = async (id: string) => (await api.editor.get(`/api/posts/${id}`).expect(200)).body;

  /** Axe on the page as it stands: no critical or serious violation. */
  const assertAccessible = async (page: Page, what: string) => {
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map(
        (v) =>
          `${what}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
    expect(bad).toEqual([]);
  };
  /**
   * The screen's own content (main) fits the viewport without scrolling sideways. The document as a
   * whole is 429 px wide at 390 until the top bar is fixed (issue 14, the phones part).
   */
  const assertFits = async (page: Page) => {
    // Runs in the page (the tests compile without the DOM types).
    const { right, scroll, client, viewport } = await page.evaluate<{
      right: number;
      scroll: number;
      client: number;
      viewport: number;
    }>(`(() => {
      const main = document.querySelector('main');
      return {
        right: main.getBoundingClientRect().right,
        scroll: main.scrollWidth,
        client: main.clientWidth,
        viewport: window.innerWidth,
      };
    })()`);
    expect(right).toBeLessThanOrEqual(viewport);
    expect(scroll).toBeLessThanOrEqual(client);
  };

  const channel = async (handle: string) =>
    (
      await api.admin
        .post('/api/channels', {
          platform: 'sandbox',
          handle,
          displayName: handle,
          language: 'en',
          timezone: 'UTC',
          weeklySlots: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) =>
            ['09:00', '13:00', '17:00'].map((time) => ({ weekday, time })),
          ),
          minSpacingMinutes: 120,
          dailyCap: 3,
        })
        .expect(201)
    ).body.id as string;

  const scheduled = async (channelId: string, when: string) => {
    const id = await approvedPost(api, { campaignId, channelId }, [`On the calendar ${++texts}`]);
    await api.editor.post(`/api/posts/${id}/schedule`, { at: when }).expect(200);
    return id;
  };

  beforeAll(async () => {
    await ensureWebBuilt();
    ({ t, baseUrl } = await startUiApp());
    const [admin, authorUser, editorUser, author2] = await Promise.all([
      t.user(['admin']),
      t.user(['author']),
      t.user(['editor']),
      t.user(['author']),
    ]);
    api.admin = await t.signIn(admin.email);
    api.author = await t.signIn(authorUser.email);
    api.editor = await t.signIn(editorUser.email);
    api.author2 = await t.signIn(author2.email);
    campaignId = await createCampaign({ admin: api.admin, author: api.author, editor: api.editor });
    channelA = await channel('calendar_a');
    channelB = await channel('calendar_b');
    ({ quoteId } = await insertQuote(t, {
      text: 'They promised us a state; we queued for bread like everyone else.',
    }));
    moved = await scheduled(channelA, hour(9));
    neighbour = await scheduled(channelA, hour(13));
    browser = await launchChromium();
    editor = await personAt(browser, editorUser.email);
    author = await personAt(browser, authorUser.email);
    // The machine is shared with other test runs; a busy minute is not a broken screen.
    for (const person of [editor, author]) person.context.setDefaultTimeout(30_000);
    await signInThroughUi(editor, baseUrl);
    await signInThroughUi(author, baseUrl);
  }, 3 * STEP);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, 3 * STEP);

  /** Opens the week holding tomorrow, filtered to channel A. */
  const openWeek = async (page: Page) => {
    await page.goto(at('/calendar'));
    await heading(page, 'Calendar');
    await page.getByLabel('Channel').selectOption({ label: '@calendar_a (sandbox)' });
    if (day >= DateTime.utc().startOf('week').plus({ weeks: 1 }))
      await page.getByRole('button', { name: 'Next week' }).click();
    await page.locator(`.fc a.cal-event[href="/posts/${moved}"]`).waitFor();
  };

  /** Drags an event onto tomorrow's column at a wall-clock hour (UTC), as a mouse would. */
  const drag = async (page: Page, id: string, toHour: number) => {
    const event = page.locator(`.fc a.cal-event[href="/posts/${id}"]`);
    // Start and target both in view, so the drag never scrolls the page under the pointer.
    await event.scrollIntoViewIfNeeded();
    const top = (await event.boundingBox())!.y;
    await page.evaluate(`window.scrollBy(0, ${top - 200})`);
    const from = (await event.boundingBox())!;
    const column = (await page
      .locator(`.fc-timegrid-col[data-date="${day.toISODate()}"]`)
      .boundingBox())!;
    const lane = async (h: number) =>
      (await page
        .locator(`.fc-timegrid-slot-lane[data-time="${String(h).padStart(2, '0')}:00:00"]`)
        .boundingBox())!;
    const start = DateTime.fromISO((await post(id)).scheduledAt as string, { zone: 'utc' });
    const [fromLane, toLane] = [await lane(start.hour), await lane(toHour)];
    // The middle of the event's first quarter hour (one snap), and of the target hour's first.
    const grabY = fromLane.y + (fromLane.height * start.minute) / 60 + fromLane.height / 8;
    const dropY = toLane.y + toLane.height / 8;
    await page.mouse.move(from.x + from.width / 2, grabY);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, grabY + 20, { steps: 5 });
    await page.mouse.move(column.x + column.width / 2, dropY, { steps: 15 });
    await page.mouse.up();
  };

  it(
    'an editor drags a scheduled post to another time and the server moves it; open slots are drawn',
    async () => {
      const { page } = editor;
      await openWeek(page);
      // Slots come from their own request, which may land after the posts' (a repeated calendar
      // read is answered from memory): wait for them as a user would look.
      await page.locator('.fc-bg-event.cal-slot').first().waitFor();
      expect(await page.locator('.fc-bg-event.cal-slot').count()).toBeGreaterThan(0);
      await drag(page, moved, 16);
      const done = await waitFor(
        () => post(moved),
        (p) => p.scheduledAt !== hour(9),
      );
      // Where in the hour depends on the pointer's pixel against the 15-minute snap.
      const placedAt = DateTime.fromISO(done.scheduledAt as string, { zone: 'utc' });
      expect(placedAt.toISODate()).toBe(day.toISODate());
      expect(placedAt.hour).toBe(16);
      expect(placedAt.minute % 15).toBe(0);
      movedAt = done.scheduledAt as string;
      expect(done.status).toBe('scheduled');
      await screenshot(page, 'calendar-drag-allowed');
      await assertAccessible(page, 'calendar week at 1440');
    },
    STEP,
  );

  it(
    'a drag that breaks the spacing is refused in a sentence with the next allowed time, and the post snaps back',
    async () => {
      const { page } = editor;
      await openWeek(page);
      await page
        .locator(`.fc a.cal-event[href="/posts/${moved}"]`, { hasText: hhmm(movedAt) })
        .waitFor();
      // 14:00 is within two hours of the 13:00 post; the channel keeps two hours between posts.
      await drag(page, moved, 14);
      const alert = page.getByRole('alert').filter({ hasText: 'The post stays where it was.' });
      await alert.waitFor();
      const next = DateTime.fromISO(hour(15)).toJSDate();
      const shown = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'UTC',
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
        timeZoneName: 'short',
      }).format(next);
      expect(await alert.textContent()).toContain(
        `It would be too close to another post on this channel. The next time it can go out is ${shown}.`,
      );
      expect((await post(moved)).scheduledAt).toBe(movedAt);
      await page
        .locator(`.fc a.cal-event[href="/posts/${moved}"]`, { hasText: hhmm(movedAt) })
        .waitFor();
      await screenshot(page, 'calendar-drag-refused');

      await alert.getByRole('button', { name: 'Schedule it then' }).click();
      const placed = await waitFor(
        () => post(moved),
        (p) => p.scheduledAt !== movedAt,
      );
      expect(placed.scheduledAt).toBe(hour(15));
    },
    STEP,
  );

  it(
    'the month grid shows each day’s number of open slots, without asking for the slots; back in the week it asks for that week’s alone',
    async () => {
      const { page } = editor;
      await openWeek(page);
      await page.locator('.fc-bg-event.cal-slot').first().waitFor();
      // What the week draws for tomorrow on the channel chosen.
      const tomorrow = (
        await api.editor
          .get(
            `/api/slots?from=${day.toISO()}&to=${day.plus({ days: 1 }).toISO()}&channelId=${channelA}`,
          )
          .expect(200)
      ).body[0].slots as string[];
      expect(tomorrow.length).toBeGreaterThan(0);
      const askedForSlots: string[] = [];
      const listen = (request: { url(): string }) => {
        if (new URL(request.url()).pathname === '/api/slots') askedForSlots.push(request.url());
      };
      page.on('request', listen);
      try {
        // The month's posts and (were they asked for) its open slots go out in the same render.
        const monthPosts = page.waitForResponse(
          (r) => new URL(r.url()).pathname === '/api/posts/calendar' && r.status() === 200,
        );
        await page.getByRole('button', { name: 'Month' }).click();
        await monthPosts;
        await page.locator(`.fc-daygrid a.cal-event[href="/posts/${moved}"]`).waitFor();
        const count = page.locator(
          `td.fc-daygrid-day[data-date="${day.toISODate()}"]  .fc-bg-event.cal-open-day`,
        );
        await count.waitFor();
        expect(await count.textContent()).toBe(
          `${tomorrow.length} open ${tomorrow.length === 1 ? 'slot' : 'slots'}`,
        );
        expect(askedForSlots).toEqual([]);
        await screenshot(page, 'calendar-month-open-slots');
        await assertAccessible(page, 'calendar month at 1440');
        await page.getByRole('button', { name: 'Week' }).click();
        await page.locator('.fc-timegrid .fc-bg-event.cal-slot').first().waitFor();
        // Back in the week, slots are asked for the week alone, never for the month's six weeks.
        const daysAsked = askedForSlots.map((url) => {
          const query = new URL(url).searchParams;
          return (Date.parse(query.get('to')!) - Date.parse(query.get('from')!)) / 86_400_000;
        });
        expect(daysAsked.filter((days) => days !== 7)).toEqual([]);
      } finally {
        page.off('request', listen);
      }
    },
    STEP,
  );

  it(
    'people who may not schedule see the calendar without draggable posts',
    async () => {
      const { page } = author;
      await openWeek(page);
      expect(await page.locator(`.fc a.cal-event[href="/posts/${neighbour}"]`).count()).toBe(1);
      expect(await page.locator('.fc-event-draggable').count()).toBe(0);
    },
    STEP,
  );

  it(
    'draws the week and reads typed times in the time zone the person chose, not the browser’s',
    async () => {
      const zone = 'Asia/Kolkata';
      const user = await t.user(['editor']);
      const client = await t.signIn(user.email);
      await client.put('/api/auth/preferences', { locale: 'en-GB', timeZone: zone }).expect(204);
      // The browser stays in UTC.
      const person = await personAt(browser, user.email);
      person.context.setDefaultTimeout(30_000);
      try {
        await signInThroughUi(person, baseUrl);
        const { page } = person;
        const at_ = DateTime.fromISO((await post(moved)).scheduledAt as string).setZone(zone);
        await page.goto(at('/calendar'));
        await heading(page, 'Calendar');
        await page.getByLabel('Channel').selectOption({ label: '@calendar_a (sandbox)' });
        if (at_.startOf('week') > DateTime.now().setZone(zone).startOf('week'))
          await page.getByRole('button', { name: 'Next week' }).click();
        // In the column of its date there, at its time there.
        const event = page.locator(
          `.fc-timegrid-col[data-date="${at_.toISODate()}"] a.cal-event[href="/posts/${moved}"]`,
        );
        await event.waitFor();
        expect(await event.locator('.cal-event-time').textContent()).toBe(at_.toFormat('HH:mm'));
        await page
          .getByRole('cell', { name: new RegExp(`, ${at_.toFormat('HH:mm')} `) })
          .first()
          .waitFor();

        // A blackout typed as 09:00 to 11:00 is 09:00 to 11:00 where the person is.
        await page.goto(at('/settings/pauses'));
        await page.getByRole('button', { name: 'New pause or blackout' }).click();
        const form = page.getByRole('form', { name: 'New pause or blackout' });
        await form.getByLabel('Starts (your time)').fill('2030-01-10T09:00');
        await form.getByLabel('Ends (your time)').fill('2030-01-10T11:00');
        await form.getByLabel('Reason').fill('Typed where the person is');
        await form.getByRole('button', { name: 'Create' }).click();
        const pauses = await waitFor(
          async () =>
            (await client.get('/api/pauses').expect(200)).body as {
              reason: string;
              startsAt: string;
              endsAt: string;
            }[],
          (list) => list.some((p) => p.reason === 'Typed where the person is'),
        );
        const typed = pauses.find((p) => p.reason === 'Typed where the person is')!;
        expect([typed.startsAt, typed.endsAt]).toEqual([
          '2030-01-10T03:30:00.000Z',
          '2030-01-10T05:30:00.000Z',
        ]);
      } finally {
        await person.context.close();
      }
    },
    STEP,
  );

  it(
    'on a phone the calendar is its list view, fitting 390 px',
    async () => {
      const context: BrowserContext = await browser.newContext({
        viewport: { width: 390, height: 844 },
        locale: 'en-GB',
        timezoneId: 'UTC',
        storageState: await editor.context.storageState(),
      });
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      await page.goto(at('/calendar'));
      await heading(page, 'Calendar');
      if (day >= DateTime.utc().startOf('week').plus({ weeks: 1 }))
        await page.getByRole('button', { name: 'Next week' }).click();
      await page.locator(`.agenda-item[data-post-id="${neighbour}"]`).waitFor();
      // Posts and open slots are separate requests: wait for the slots before counting them.
      await page.locator('.agenda-slot').first().waitFor();
      expect(await page.locator('.fc').count()).toBe(0);
      expect(await page.locator('.agenda-slot').count()).toBeGreaterThan(0);
      await assertFits(page);
      await assertAccessible(page, 'calendar list at 390');
      await screenshot(page, 'calendar-list-390');

      await page.goto(at('/compose'));
      await heading(page, 'Compose');
      await page.getByLabel('Text').fill('A phone-sized draft with https://example.org/phone');
      await assertFits(page);
      await assertAccessible(page, 'compose at 390');
      await screenshot(page, 'compose-390');
      await context.close();
    },
    STEP,
  );

  it(
    '"Use in a post" opens Compose with the quote inserted and linked; links preview as X shows them',
    async () => {
      const { page } = author;
      await page.goto(at(`/library/${quoteId}`));
      await page.getByRole('link', { name: 'Use in a post' }).click();
      await heading(page, 'Compose');
      const box = page.getByLabel('Text');
      await waitFor(
        () => box.inputValue(),
        (value) => value !== '',
      );
      expect(await box.inputValue()).toContain('we queued for bread like everyone else.');
      const url = 'https://www.example.org/testimonies/2026/the-bread-queue-and-the-state';
      const text = `${await box.inputValue()} ${url}`;
      await box.fill(text);
      const link = page.locator('.x-thread .x-link');
      expect(await link.textContent()).toBe('example.org/testimonies/…');
      expect(await link.getAttribute('title')).toBe(url);
      expect(await page.locator('.x-card .x-card-host').textContent()).toBe('example.org');
      expect(await page.getByTestId('weighted-length').first().textContent()).toBe(
        `${weightedLength(text).weightedLength} / 280`,
      );
      // The preview stays in view beside the editor while typing.
      const preview = (await page.locator('.compose-preview').boundingBox())!;
      const editorBox = (await box.boundingBox())!;
      expect(preview.x).toBeGreaterThan(editorBox.x + editorBox.width - 1);
      await screenshot(page, 'compose-link-preview');
      await assertAccessible(page, 'compose at 1366');

      // One draft for two channels: two posts, reviewed separately.
      await page.getByRole('checkbox', { name: '@calendar_b (sandbox)' }).check();
      await page.getByRole('checkbox', { name: '@calendar_a (sandbox)' }).check();
      await page.getByRole('button', { name: 'Save draft' }).click();
      await heading(page, 'Posts');
      const drafts = (
        await api.author.get(`/api/posts?campaignId=${campaignId}&status=draft`).expect(200)
      ).body.items as { id: string }[];
      const details = await Promise.all(drafts.map((d) => post(d.id)));
      const created = details.filter((d) =>
        d.revision.segments.some((s: { text: string }) => s.text.includes('the-bread-queue')),
      );
      expect(created.map((c) => c.channelId).sort()).toEqual([channelA, channelB].sort());
      expect(created.map((c) => c.revision.quoteIds)).toEqual([[quoteId], [quoteId]]);
    },
    STEP,
  );

  it(
    'warns before leaving unsaved text, and a reload brings the new draft back',
    async () => {
      const { page } = author;
      await page.goto(at('/compose'));
      await heading(page, 'Compose');
      await page.getByLabel('Text').fill('Words I have not saved yet');
      const asked = new Promise<string>((resolve) =>
        page.once('dialog', (dialog) => {
          resolve(dialog.message());
          void dialog.dismiss();
        }),
      );
      await page.getByRole('link', { name: 'Calendar' }).click();
      expect(await asked).toContain('not saved');
      await heading(page, 'Compose');
      expect(await page.getByLabel('Text').inputValue()).toBe('Words I have not saved yet');

      // Kept in this browser as typed: a reload (the browser asks first) restores it.
      page.once('dialog', (dialog) => void dialog.accept());
      await page.reload();
      await heading(page, 'Compose');
      await page.getByRole('status').filter({ hasText: 'is back, as you left it' }).waitFor();
      expect(await page.getByLabel('Text').inputValue()).toBe('Words I have not saved yet');
      await page.getByRole('button', { name: 'Start afresh' }).click();
      expect(await page.getByLabel('Text').inputValue()).toBe('');
    },
    STEP,
  );

  it(
    'a second save after someone else’s keeps this person’s text, shows it against theirs, and "Use mine" saves it',
    async () => {
      const draft = await api.author
        .post('/api/posts', { campaignId, channelId: channelA, segments: ['The first words'] })
        .expect(201);
      const id = draft.body.id as string;
      const { page } = author;
      await page.goto(at(`/posts/${id}/edit`));
      await heading(page, 'Edit post');
      expect(await page.getByLabel('Text').inputValue()).toBe('The first words');
      // Someone else saves meanwhile.
      await api.author2
        .put(`/api/posts/${id}`, { segments: ['Their better words'], baseRevision: 1 })
        .expect(200);
      await page.getByLabel('Text').fill('My own first words');
      await page.getByRole('button', { name: 'Save draft' }).click();
      const panel = page.getByRole('region', {
        name: 'Someone saved this post while you were editing',
      });
      await panel.waitFor();
      expect(await page.getByLabel('Text').inputValue()).toBe('My own first words');
      expect(await panel.locator('del').allTextContents()).toContain('Their better ');
      expect(await panel.locator('ins').allTextContents()).toContain('My own first ');
      await screenshot(page, 'compose-edit-conflict');
      await assertAccessible(page, 'compose conflict');
      await panel.getByRole('button', { name: 'Use mine' }).click();
      await page.waitForURL(`**/posts/${id}`);
      const saved = await post(id);
      expect(saved.currentRevision).toBe(3);
      expect(saved.revision.segments.map((s: { text: string }) => s.text)).toEqual([
        'My own first words',
      ]);
    },
    STEP,
  );

  it(
    'a campaign runs from the start of its first day to the end of its last, in its own time zone',
    async () => {
      const zone = 'Asia/Kolkata';
      const name = `Days in ${zone}`;
      // An admin whose browser is in UTC. (Last: Compose would offer this campaign too.)
      const person = await personAt(browser, api.admin.email);
      person.context.setDefaultTimeout(30_000);
      try {
        await signInThroughUi(person, baseUrl);
        const { page } = person;
        await page.goto(at('/settings/campaigns'));
        await page.getByRole('button', { name: 'New campaign' }).click();
        const form = page.getByRole('form', { name: 'New campaign' });
        await form.getByLabel('Name').fill(name);
        await form.getByLabel('Goal').fill('Days that mean what they say');
        await form.getByLabel('Audience').fill('Anyone');
        await form.getByLabel('Language').fill('en');
        await form.getByLabel('Timezone').fill(zone);
        await form.getByLabel('First day').fill('2031-03-01');
        await form.getByLabel('Last day').fill('2031-03-31');
        await form.getByRole('button', { name: 'Create campaign' }).click();
        const campaigns = await waitFor(
          async () =>
            (await api.admin.get('/api/campaigns?limit=100').expect(200)).body.items as {
              id: string;
              name: string;
              startsAt: string;
              endsAt: string;
            }[],
          (list) => list.some((c) => c.name === name),
        );
        const saved = campaigns.find((c) => c.name === name)!;
        // Midnight in Kolkata is 18:30 UTC the day before; the 31st is included.
        expect([saved.startsAt, saved.endsAt]).toEqual([
          '2031-02-28T18:30:00.000Z',
          '2031-03-31T18:30:00.000Z',
        ]);
        const row = page.getByRole('row').filter({ hasText: name });
        expect(await row.textContent()).toContain('Sat, 1 Mar 2031 – Mon, 31 Mar 2031');
        // Edited again, the form shows the same two days.
        await row.getByRole('button', { name: 'Edit' }).click();
        const edit = page.getByRole('form', { name: `Edit ${name}` });
        expect(await edit.getByLabel('First day').inputValue()).toBe('2031-03-01');
        expect(await edit.getByLabel('Last day').inputValue()).toBe('2031-03-31');
        // A new objective's window starts as the campaign's days, and is kept as its run.
        await page.getByRole('button', { name: 'Add objective' }).click();
        const objective = page.getByRole('form', { name: 'New objective' });
        expect(await objective.getByLabel('First day').inputValue()).toBe('2031-03-01');
        expect(await objective.getByLabel('Last day').inputValue()).toBe('2031-03-31');
        await objective.getByLabel('Target').fill('100');
        await objective.getByRole('button', { name: 'Add objective' }).click();
        const overview = await waitFor(
          async () =>
            (await api.admin.get(`/api/analytics/campaigns/${saved.id}/objectives`).expect(200))
              .body as {
              objectives: { windowFrom: string; windowTo: string }[];
            },
          (o) => o.objectives.length > 0,
        );
        expect([overview.objectives[0]!.windowFrom, overview.objectives[0]!.windowTo]).toEqual([
          saved.startsAt,
          saved.endsAt,
        ]);
      } finally {
        await person.context.close();
      }
    },
    STEP,
  );
});
