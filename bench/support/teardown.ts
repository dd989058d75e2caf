/**
 * A run's clean-up steps (scratch database, private Redis, worker processes, fake servers), run
 * in reverse order on every way out: the end of the run, Ctrl-C, an unhandled rejection, or the
 * deadline past which a stuck run stops itself instead of hanging.
 */
export class Teardown {
  private readonly steps: (() => Promise<unknown>)[] = [];
  private readonly watchdog: NodeJS.Timeout;

  constructor(name: string, deadlineMs: number) {
    this.watchdog = setTimeout(() => {
      process.stderr.write(`${name}: still running after ${deadlineMs / 1000} s; aborting\n`);
      void this.run().finally(() => process.exit(2));
    }, deadlineMs);
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => void this.run().finally(() => process.exit(130)));
    process.once('unhandledRejection', (error) => {
      console.error(`${name}: ${error instanceof Error ? error.stack : String(error)}`);
      void this.run().finally(() => process.exit(1));
    });
  }

  push(step: () => Promise<unknown>): void {
    this.steps.push(step);
  }

  /** Runs every step once, last added first; a failing step does not stop the others. */
  async run(): Promise<void> {
    clearTimeout(this.watchdog);
    for (const step of this.steps.splice(0).reverse()) await step().catch(() => undefined);
  }
}
