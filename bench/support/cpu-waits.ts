import { readFileSync } from 'node:fs';

/** Nanoseconds a thread has spent runnable but waiting for a CPU (/proc/<pid>/schedstat). */
function runQueueWaitNs(pid: number): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]);
  } catch {
    return undefined;
  }
}

export interface CpuWait {
  name: string;
  /** Time the process's main thread (its event loop) was ready to run but had no CPU. */
  totalMs: number;
  /**
   * The most of it between two readings (100 ms apart, more when this process is itself kept
   * waiting): a stall the machine caused, not the code.
   */
  worstIntervalMs: number;
}

const INTERVAL_MS = 100;

/**
 * Watches how long each process waits for a CPU while a run lasts. On a machine shared with
 * other work this tells the machine's stalls from the engine's: a late post whose worker sat in
 * the run queue at the time was late for want of a CPU.
 */
export function watchCpuWaits(processes: readonly { name: string; pid: number }[]) {
  const last = processes.map((p) => runQueueWaitNs(p.pid) ?? NaN);
  const first = [...last];
  const worst = processes.map(() => 0);
  const timer = setInterval(() => {
    processes.forEach((p, i) => {
      const now = runQueueWaitNs(p.pid) ?? NaN;
      worst[i] = Math.max(worst[i]!, (now - last[i]!) / 1e6);
      last[i] = now;
    });
  }, INTERVAL_MS);
  return {
    intervalMs: INTERVAL_MS,
    stop(): CpuWait[] {
      clearInterval(timer);
      return processes.map((p, i) => ({
        name: p.name,
        totalMs: ((runQueueWaitNs(p.pid) ?? NaN) - first[i]!) / 1e6,
        worstIntervalMs: worst[i]!,
      }));
    },
  };
}
