/**
 * The top frames of a V8 CPU profile (`node --cpu-prof`) by self time, and the same time summed
 * by package, each as a share of the busy (non-idle) time:
 *
 *   npx tsx bench/support/cpu-profile-top.ts /tmp/prof/CPU.*.cpuprofile [count]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
}

const [file, countArg] = process.argv.slice(2);
if (!file) throw new Error('usage: cpu-profile-top.ts <file.cpuprofile> [count]');
const count = Number(countArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

/** `bullmq`, `drizzle-orm`, `app` (our dist/), `node` (its internals) or `(native)`. */
const packageOf = (url: string) => {
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (inModules) return inModules[1]!;
  if (url.includes('/dist/')) return 'app';
  if (url.startsWith('node:')) return 'node';
  return '(native)';
};

const byFrame = new Map<string, number>();
const byPackage = new Map<string, number>();
let busy = 0;
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  const { functionName, url, lineNumber } = node.callFrame;
  if (functionName === '(idle)') continue;
  busy += hits;
  const where = url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/');
  const frame = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  byFrame.set(frame, (byFrame.get(frame) ?? 0) + hits);
  byPackage.set(packageOf(url), (byPackage.get(packageOf(url)) ?? 0) + hits);
}
const share = (hits: number) => `${((hits / busy) * 100).toFixed(1).padStart(5)} %`;
const top = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count);
process.stdout.write(`Busy samples: ${busy}; by package:\n`);
for (const [name, hits] of top(byPackage)) process.stdout.write(`${share(hits)}  ${name}\n`);
process.stdout.write(`Top frames (self time):\n`);
for (const [frame, hits] of top(byFrame)) process.stdout.write(`${share(hits)}  ${frame}\n`);
