import type { JobName, JobPayloads } from './jobs.js';

export interface EnqueueOptions {
  /** Deterministic id: adding a job whose id exists is a no-op. */
  jobId?: string;
  /** Run no earlier than this. */
  runAt?: Date;
}

export type JobHandler<N extends JobName> = (payload: JobPayloads[N]) => Promise<void>;

/** The only queue interface the rest of the code sees; BullMQ stays inside this folder. */
export abstract class JobQueue {
  abstract enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options?: EnqueueOptions,
  ): Promise<void>;

  /** Best effort: a job that already runs or is gone is left alone. */
  abstract remove(name: JobName, jobId: string): Promise<void>;

  /** Cluster-wide periodic work: one iteration runs on one worker. Idempotent. */
  abstract schedule<N extends JobName>(
    name: N,
    everyMs: number,
    payload: JobPayloads[N],
  ): Promise<void>;

  /** Jobs waiting, delayed or running, per queue. */
  abstract depth(): Promise<Record<string, number>>;

  abstract ping(): Promise<void>;

  /** Worker connections currently consuming the publish queue, across all processes. */
  abstract publishConsumers(): Promise<number>;
}

/** Modules register their handlers here at init; workers dispatch by job name. */
export class JobHandlers {
  private readonly handlers = new Map<JobName, JobHandler<JobName>>();

  register<N extends JobName>(name: N, handler: JobHandler<N>): void {
    if (this.handlers.has(name)) throw new Error(`Job ${name} already has a handler`);
    this.handlers.set(name, handler as JobHandler<JobName>);
  }

  get(name: string): JobHandler<JobName> | undefined {
    return this.handlers.get(name as JobName);
  }

  missing(names: readonly JobName[]): JobName[] {
    return names.filter((name) => !this.handlers.has(name));
  }
}
