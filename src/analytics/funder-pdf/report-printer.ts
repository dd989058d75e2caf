import { Inject, Injectable, Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { SESSION_COOKIE } from '../../auth/auth.guard.js';
import { refused } from '../../common/domain-errors.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/** How the requester signed in: the printing browser reads the page as them, never as anyone else. */
export type Credentials = { sessionId: string } | { authorization: string };

export interface PrintJob {
  /** This server as the printing browser reaches it: http://127.0.0.1:<port>. */
  origin: string;
  /** The web UI page to print, e.g. /analytics/report/<id>?from=…&to=… */
  path: string;
  credentials: Credentials;
  locale: string;
  timeZone: string;
}

/** The page marks itself when its data has arrived (or failed to): web/src/screens/analytics. */
const READY = '[data-report-state="ready"], [data-report-state="error"]';
const PAGE_TIMEOUT_MS = 30_000;

/**
 * Prints a page of the web UI to PDF with Chromium: the report a funder reads is the page the
 * team sees, with its print styles, so the two cannot tell different stories. The browser only
 * talks to this server (everything else is blocked), carries the requester's own session, and
 * one PDF is printed at a time per process: Chromium is heavy and reports are rare.
 */
@Injectable()
export class ReportPrinter {
  private readonly logger = new Logger(ReportPrinter.name);
  private queue: Promise<unknown> = Promise.resolve();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  pdf(job: PrintJob): Promise<Buffer> {
    // `queue` never rejects (see below): one print at a time, whatever the last one did.
    const run = this.queue.then(() => this.print(job));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async launch(): Promise<Browser> {
    const unavailable = () =>
      refused(
        'unavailable',
        'The server has no browser to print the PDF with. Open the funder report page and print it from your browser instead.',
      );
    if (!existsSync(this.config.chromiumPath)) throw unavailable();
    try {
      // Loaded on the first print: the library alone adds some 80 MB to every api and worker
      // process, which print a funder report rarely or never.
      const { chromium } = await import('playwright-core');
      return await chromium.launch({
        executablePath: this.config.chromiumPath,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
      });
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'Chromium did not start');
      throw unavailable();
    }
  }

  private async print(job: PrintJob): Promise<Buffer> {
    const browser = await this.launch();
    try {
      const context = await browser.newContext({
        locale: job.locale,
        timezoneId: job.timeZone,
        ...('authorization' in job.credentials
          ? { extraHTTPHeaders: { authorization: job.credentials.authorization } }
          : {}),
      });
      if ('sessionId' in job.credentials) {
        await context.addCookies([
          {
            name: SESSION_COOKIE,
            value: job.credentials.sessionId,
            url: job.origin,
            httpOnly: true,
            sameSite: 'Strict',
          },
        ]);
      }
      // The credentials go to this server only.
      await context.route('**/*', (route) =>
        route.request().url().startsWith(`${job.origin}/`) ? route.continue() : route.abort(),
      );
      const page = await context.newPage();
      page.setDefaultTimeout(PAGE_TIMEOUT_MS);
      const marker = await page
        .goto(`${job.origin}${job.path}`)
        .then(() => page.waitForSelector(READY))
        .catch((error: unknown) => {
          this.logger.warn({ err: (error as Error).message }, 'report page did not load');
          throw refused('upstream_failed', 'The report page did not finish loading for printing.');
        });
      if ((await marker.getAttribute('data-report-state')) === 'error') {
        throw refused(
          'upstream_failed',
          `The report page could not be rendered: ${(await marker.textContent())?.trim() ?? 'unknown error'}`,
        );
      }
      await page.emulateMedia({ media: 'print' });
      return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    } finally {
      await browser.close();
    }
  }
}
