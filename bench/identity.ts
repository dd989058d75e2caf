/**
 * Identity check latency: a 25-segment thread (mixed Arabic and English, the length of real
 * posts) checked against 50 identifying details (names, places, compounds, aliases), segment by
 * segment as submit does. Prints the median and p95 of checking the whole thread; the target
 * is p95 ≤ 5 ms. Pure computation: no database. The first run compiles the details' patterns
 * (reported separately); later runs reuse them, as the running app does.
 *
 *   npm run bench:identity                    # BENCH_RUNS=2000 for more
 */
import { performance } from 'node:perf_hooks';
import type { IdentifyingDetailKind } from '../src/db/schema/index.js';
import { findIdentifyingDetails, type IdentifyingDetail } from '../src/library/identity-check.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 500);
const SEGMENTS = 25;

const ARABIC =
  'وعدونا بالبطولة لكننا نظفنا المراحيض وحرسنا حواجز فارغة في الموصل الأمراء عاشوا في الفلل بينما وقف المقاتلون في طوابير الخبز الإعدامات في الساحة كل جمعة قتل الإخوة ثوارا سنة آخرين بدل النظام الرواتب لم تأت'.split(
    ' ',
  );
const ENGLISH =
  'we were promised heroism but cleaned toilets guarded empty checkpoints near Mosul emirs lived in villas while fighters queued for bread executions in the square every friday brothers killed other sunni rebels instead of the regime salaries never came'.split(
    ' ',
  );

const VALUES: [IdentifyingDetailKind, string, string[]?][] = [
  ['real_name', 'عبد الرحمن'],
  ['real_name', 'أبو بكر'],
  ['real_name', 'محمد'],
  ['real_name', 'إبراهيم', ['Ibrahim Sample']],
  ['real_name', 'خالد'],
  ['real_name', 'حسين'],
  ['real_name', 'Omar Example'],
  ['real_name', 'Abdul Sample'],
  ['real_name', 'أم محمد'],
  ['real_name', 'ابن تيمية'],
  ['hometown', 'الموصل', ['Mossul']],
  ['hometown', 'الرقة'],
  ['hometown', 'حمص'],
  ['hometown', 'حلب'],
  ['hometown', 'دير الزور'],
  ['hometown', 'تلعفر'],
  ['hometown', 'الفلوجة'],
  ['hometown', 'Sampletown'],
  ['family', 'مصطفى'],
  ['family', 'فاطمة'],
  ['family', 'أسامة'],
  ['family', 'Umm Sample'],
  ['unit', 'كتيبة 17'],
  ['unit', 'Katiba Sample'],
  ['location', 'جامع النوري'],
  ['location', 'Abu Bakr street'],
];

function details(): IdentifyingDetail[] {
  return Array.from({ length: 50 }, (_, i) => {
    const [kind, value, aliases] = VALUES[i % VALUES.length]!;
    // Past the first round the values are variations, so no two details share a pattern.
    const suffix = i < VALUES.length ? '' : ` ${String.fromCharCode(0x0628 + (i % 20))}${i}`;
    return { id: `d${i}`, defectorId: 'x', kind, value: value + suffix, aliases };
  });
}

function thread(seed: number): string[] {
  return Array.from({ length: SEGMENTS }, (_, s) => {
    const words = s % 3 === 0 ? ENGLISH : ARABIC;
    const count = 30 + ((seed + s) % 15);
    return Array.from({ length: count }, (_, w) => words[(seed * 7 + s * 13 + w) % words.length])
      .join(' ')
      .slice(0, 280);
  });
}

const checkThread = (segments: readonly string[], all: readonly IdentifyingDetail[]) =>
  segments.reduce((found, text) => found + findIdentifyingDetails(text, all).length, 0);

const all = details();
const first = performance.now();
const warmMatches = checkThread(thread(0), all);
const compile = performance.now() - first;

const wall: number[] = [];
const cpu: number[] = [];
for (let run = 1; run <= RUNS; run++) {
  const segments = thread(run);
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  checkThread(segments, all);
  const used = process.cpuUsage(startedCpu);
  wall.push(performance.now() - started);
  cpu.push((used.user + used.system) / 1000);
}
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);
};
process.stdout.write(
  `identity check: ${SEGMENTS}-segment thread x ${all.length} details, ${RUNS} runs ` +
    `(first run, compiling the patterns: ${compile.toFixed(1)} ms, ${warmMatches} matches)\n` +
    `  wall time  median ${quantile(wall, 0.5)} ms   p95 ${quantile(wall, 0.95)} ms   (target p95 <= 5 ms)\n` +
    // On a busy machine the wall time includes waiting for a core; CPU time does not.
    `  CPU time   median ${quantile(cpu, 0.5)} ms   p95 ${quantile(cpu, 0.95)} ms\n`,
);
