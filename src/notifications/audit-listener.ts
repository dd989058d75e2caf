import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RedisLock } from '../queue/redis-lock.js';
import { NotificationFanOut } from './notification-fan-out.js';

const RECONNECT_MS = 5_000;
/**
 * A notice waits this long before its sweep, so the events a burst commits in quick succession
 * (a publishing burst records a batch every few milliseconds) fold into one sweep instead of
 * costing one each; people hear of an event a quarter of a second later.
 */
const GATHER_MS = 250;
/** Longer than any sweep: a process that dies mid-sweep holds up prompt sweeps this long at most. */
const SWEEP_LOCK_MS = 30_000;

/**
 * Sweeps as soon as audit events commit (a trigger NOTIFYs `audit_events`, migration 0012), in
 * the processes that run workers. Notices that arrive while one is pending or running fold into
 * one more sweep.
 * Every listening process hears every notice, but one prompt sweep at a time is enough: the
 * process holding the sweep lock heard the same notice and sweeps again after the sweep it is in
 * (or starts one after gathering), so the others skip. When every worker swept, they fanned out
 * the same events together and each waited on the other's uncommitted notification_sources rows:
 * in bench/publish.ts's spread case two workers ran about 550 sweeps in its minute, 20 s of
 * database work beside the claims of posts falling due.
 * Losing the connection only makes notifications wait for the scheduled sweep.
 */
@Injectable()
export class AuditListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditListener.name);
  private client: pg.Client | null = null;
  private running: Promise<void> | null = null;
  private gathering: NodeJS.Timeout | undefined;
  private again = false;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly fanOut: NotificationFanOut,
    private readonly lock: RedisLock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role !== 'api') await this.listen();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.database.appUrl });
    const lost = (reason: string) => {
      if (this.stopped || this.client !== client) return;
      this.client = null;
      this.logger.warn(`Audit listener lost its connection (${reason}); retrying`);
      void client.end().catch(() => undefined);
      this.retry = setTimeout(() => void this.listen(), RECONNECT_MS);
    };
    client.on('error', (error) => lost(error.message));
    client.on('end', () => lost('ended'));
    client.on('notification', () => this.wake());
    this.client = client;
    try {
      await client.connect();
      await client.query('LISTEN audit_events');
    } catch (error) {
      lost((error as Error).message);
    }
  }

  /**
   * One sweep at a time per process; a notice during one asks for one more after it, gathered
   * like the first: under a burst, sweeping again at once handled the dozen events committed
   * during the last sweep, and a burst of 5,000 posts cost over 400 sweeps.
   */
  private wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.gathering || this.stopped) return;
    this.gathering = setTimeout(() => {
      this.gathering = undefined;
      this.sweepNow();
    }, GATHER_MS);
  }

  private sweepNow(): void {
    this.again = false;
    this.running = this.lock
      .ifFree('notifications.prompt-sweep', () => this.fanOut.sweep(), { ttlMs: SWEEP_LOCK_MS })
      .then(
        () => undefined,
        (error: unknown) => {
          this.logger.warn({ err: (error as Error).message }, 'prompt sweep failed');
        },
      )
      .finally(() => {
        this.running = null;
        if (this.again) this.wake();
      });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    clearTimeout(this.gathering);
    await this.running;
    await this.client?.end().catch(() => undefined);
  }
}
