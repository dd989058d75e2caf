import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const OUTPUT_TAIL_CHARS = 20_000;
// Generous: on a loaded machine the app alone takes half a minute to load.
const READY_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 10_000;

/**
 * The V8 heap flags the app runs with in production (Dockerfile, scripts/start.sh): a young
 * generation of 2 × 16 MB instead of the 2 × 64 MB Node 24 picks on a large machine, and an old
 * space bounded at 512 MB so V8 collects garbage instead of letting the heap grow towards a
 * quarter of the machine's memory. test/environment/heap-flags.e2e-spec.ts keeps the three equal.
 */
export const APP_HEAP_FLAGS = ['--max-semi-space-size=16', '--max-old-space-size=512'] as const;

/** A server process of the benchmark, serving on 127.0.0.1:`port`. */
export interface ServerProcess {
  name: string;
  pid: number;
  port: number;
  output(): string;
  /** SIGTERM (shutdown hooks run, a --cpu-prof profile is written), SIGKILL after a grace period. */
  stop(): Promise<void>;
}

/**
 * Starts `node <args>` with only `env` (plus PATH and HOME), so the caller's shell cannot leak a
 * DATABASE_URL or NODE_OPTIONS into it, and resolves once `readyPath` answers 2xx.
 */
export async function startServer(
  name: string,
  args: readonly string[],
  env: Record<string, string>,
  port: number,
  readyPath: string,
): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let alive = true;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      alive = false;
      resolve();
    }),
  );
  const server: ServerProcess = {
    name,
    pid: child.pid ?? -1,
    port,
    output: () => tail,
    stop: async () => {
      if (!alive) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!alive) throw new Error(`${name} exited while starting:\n${tail}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}${readyPath}`)).ok) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await server.stop();
  throw new Error(`${name} did not answer ${readyPath} within ${READY_TIMEOUT_MS} ms:\n${tail}`);
}

/** Resident set size of a live process in bytes (VmRSS), undefined where /proc is absent. */
export function residentBytes(pid: number): number | undefined {
  return statusBytes(pid, 'VmRSS');
}

/**
 * What the resident set holds: anonymous memory (the V8 heap, malloc's arenas, stacks) and pages
 * of files (the node binary and its libraries, shared with every node process); and the most it
 * ever held (VmHWM), what a container's memory limit must allow.
 */
export function residentKinds(pid: number): {
  anonBytes?: number;
  fileBytes?: number;
  peakBytes?: number;
} {
  return {
    anonBytes: statusBytes(pid, 'RssAnon'),
    fileBytes: statusBytes(pid, 'RssFile'),
    peakBytes: statusBytes(pid, 'VmHWM'),
  };
}

function statusBytes(pid: number, field: string): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}
