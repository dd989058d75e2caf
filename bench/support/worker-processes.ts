import { type ChildProcess, spawn } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  readdirSync,
  readFileSync,
  type WriteStream,
} from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { APP_HEAP_FLAGS } from './processes.js';

/** The built app; worker processes run exactly what production runs. */
export const MAIN_JS = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** Fails with the fix in the message when the app has not been built. */
export function assertBuilt(): void {
  if (!existsSync(MAIN_JS)) {
    throw new Error(
      `${MAIN_JS} is missing: worker processes run the built app. Run \`npm run build\` first.`,
    );
  }
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * With BENCH_CPU_PROF=<dir>, every worker writes a V8 CPU profile there when it exits (open it
 * in Chrome DevTools, or summarise it with `npx tsx bench/support/cpu-profile-top.ts <file>`).
 */
const profileFlags = () =>
  process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];

const OUTPUT_TAIL_CHARS = 20_000;
const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 10_000;

export interface WorkerProcess {
  name: string;
  pid: number;
  port: number;
  /** Resolves with the exit code (or null after a signal) once the process is gone. */
  exited: Promise<number | null>;
  /** The end of what the process wrote to stdout and stderr. */
  output(): string;
}

interface Running extends WorkerProcess {
  child: ChildProcess;
  alive: boolean;
  /** Served /health/live once: a worker still starting is no victim for chaos. */
  ready: boolean;
}

/**
 * `node dist/main.js` processes with APP_ROLE=worker, started and killed on demand. Only the
 * variables given (plus PATH and HOME) reach the child, so the caller's shell cannot leak a
 * DATABASE_URL or NODE_OPTIONS into it.
 */
export class WorkerFleet {
  private readonly workers: Running[] = [];
  private started = 0;
  private readonly log: WriteStream | undefined;

  constructor(
    private readonly env: Record<string, string>,
    options: { logFile?: string } = {},
  ) {
    this.log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  }

  /** Live workers that finished starting, oldest first. */
  get running(): WorkerProcess[] {
    return this.workers.filter((w) => w.alive && w.ready);
  }

  /** Starts one worker and resolves once it serves /health/live (its queue workers run by then). */
  async start(): Promise<WorkerProcess> {
    assertBuilt();
    const port = await freePort();
    const name = `worker-${++this.started}`;
    // Started as production starts the app (Dockerfile, scripts/start.sh), heap flags included.
    const child = spawn(process.execPath, [...APP_HEAP_FLAGS, ...profileFlags(), MAIN_JS], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ...this.env,
        APP_ROLE: 'worker',
        HOST: '127.0.0.1',
        PORT: String(port),
        // Every worker on this host serves /metrics on a port of its own.
        METRICS_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
      this.log?.write(`[${name}] ${chunk.toString('utf8')}`);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const worker: Running = {
      name,
      pid: child.pid ?? -1,
      port,
      child,
      alive: true,
      ready: false,
      output: () => tail,
      exited: new Promise((resolve) => {
        child.once('exit', (code) => {
          worker.alive = false;
          resolve(code);
        });
      }),
    };
    this.workers.push(worker);
    await this.waitUntilLive(worker);
    worker.ready = true;
    return worker;
  }

  private async waitUntilLive(worker: Running): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (!worker.alive) {
        throw new Error(`${worker.name} exited while starting:\n${worker.output()}`);
      }
      try {
        const res = await fetch(`http://127.0.0.1:${worker.port}/health/live`);
        if (res.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    worker.child.kill('SIGKILL');
    throw new Error(
      `${worker.name} did not serve /health/live within ${READY_TIMEOUT_MS} ms:\n${worker.output()}`,
    );
  }

  /** Sends `signal` (SIGKILL by default: no shutdown hooks run) and waits for the process to go. */
  async kill(worker: WorkerProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const running = this.workers.find((w) => w.pid === worker.pid);
    if (!running?.alive) return;
    running.child.kill(signal);
    await running.exited;
  }

  /** Freezes the process (SIGSTOP) for `ms`, as a long GC or VM pause would, then lets it go on. */
  async pause(worker: WorkerProcess, ms: number): Promise<void> {
    const running = this.workers.find((w) => w.pid === worker.pid);
    if (!running?.alive) return;
    running.child.kill('SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (running.alive) running.child.kill('SIGCONT');
  }

  /** Every live worker, also one still starting. */
  async killAll(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await Promise.all(this.workers.filter((w) => w.alive).map((w) => this.kill(w, signal)));
  }

  /** Graceful stop with a bounded wait, then SIGKILL for whatever is left. Safe to call twice. */
  async stopAll(): Promise<void> {
    const live = this.workers.filter((w) => w.alive);
    for (const w of live) w.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const w of live) if (w.alive) w.child.kill('SIGKILL');
    }, STOP_GRACE_MS);
    await Promise.all(live.map((w) => w.exited));
    clearTimeout(timer);
    await new Promise<void>((resolve) => (this.log ? this.log.end(resolve) : resolve()));
  }
}

// Linux reports utime and stime in clock ticks of USER_HZ, which is 100 on every mainstream build.
const CLOCK_TICK_MS = 10;

/** User + system time in a /proc `stat` file (of a process, or of one of its threads), in ms. */
function statCpuMs(path: string): number {
  const stat = readFileSync(path, 'utf8');
  // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
}

/** CPU time (user + system) a process has used so far, in ms; undefined where /proc is absent. */
export function cpuTimeMs(pid: number): number | undefined {
  try {
    return statCpuMs(`/proc/${pid}/stat`);
  } catch {
    return undefined;
  }
}

/**
 * CPU time (ms) of the entries of a /proc directory (processes in /proc, a process's threads in
 * /proc/<pid>/task) whose comm is `name`. An entry that ends between the listing and its reading
 * takes its time with it.
 */
function namedCpuMs(dir: string, name: string): number {
  let sum = 0;
  for (const entry of readdirSync(dir)) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`${dir}/${entry}/comm`, 'utf8').trim() !== name) continue;
      sum += statCpuMs(`${dir}/${entry}/stat`);
    } catch {
      continue;
    }
  }
  return sum;
}

/**
 * CPU time (ms) a process's threads named `name` have used so far, e.g. V8's helper threads
 * (`V8Worker`: concurrent marking and sweeping, the optimising compilers), which a V8 CPU profile
 * of the process does not see; undefined once the process is gone.
 */
export function threadsCpuMs(pid: number, name: string): number | undefined {
  try {
    return namedCpuMs(`/proc/${pid}/task`, name);
  } catch {
    return undefined;
  }
}

/**
 * CPU time (ms) of every process running `command` (its /proc comm), e.g. all PostgreSQL
 * backends: connections come and go during a run, so the sum over processes is taken each time.
 * Processes that end between two readings take their time with them; take readings around work
 * whose connections stay open.
 */
export function commandCpuMs(command: string): number {
  return namedCpuMs('/proc', command);
}
