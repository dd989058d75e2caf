/**
 * Submitting a post on a busy year's database. Submit warns of live posts (scheduled to
 * published, and held) with the same text, which X refuses or treats as spam; it did so by reading
 * and normalising every live post's text inside the transaction that locks the post. It now looks
 * them up by the keys each revision is written with. One run (about 6 min), on 127.0.0.1, torn
 * down at the end:
 *
 *   1. a scratch database with the api bench's year (100,000 posts, left without keys as SQL
 *      wrote them) and a private Redis; the api started as deployed, which computes the missing keys
 *      before it serves (the time to ready is printed);
 *   2. the duplicate check alone, in this process, for texts of live posts and of drafts: by keys
 *      and by comparing every live post, alternated, with the same warnings required of both;
 *   3. `POST /api/posts/:id/submit` for drafts one after another: latency and the api's CPU time a
 *      submit; with BENCH_BASELINE_JS also an older build on other drafts, alternated.
 *
 * Prints a table and a final JSON line.
 *
 *   npm run bench:submit                        # builds the server first
 *   BENCH_BASELINE_JS=/path/to/old/dist/main.js npm run bench:submit
 *   BENCH_POSTS=10000 npm run bench:submit      # a smaller world for trying it out
 */
import { performance } from 'node:perf_hooks';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as schema from '../src/db/schema/index.js';
import {
  type ConsentStatus,
  DUPLICATE_GUARDED_STATUSES,
  type Verification,
  type VettingStatus,
} from '../src/db/schema/index.js';
import { isUsable } from '../src/library/usability.js';
import { duplicateKeys, findDuplicates } from '../src/posts/duplicate-text.js';
import { PostsRepository } from '../src/posts/posts.repository.js';
import { startApiBench } from './support/api-bench.js';
import { apiWorldSize } from './support/api-seed.js';
import { distribution, print, table } from './support/figures.js';
import { residentBytes, type ServerProcess } from './support/processes.js';
import { assertBuilt, cpuTimeMs, MAIN_JS } from './support/worker-processes.js';

const SIZE = apiWorldSize();
const CHECKS = Number(process.env.BENCH_CHECKS ?? 60);
const SUBMITS = Number(process.env.BENCH_SUBMITS ?? 100);
const BASELINE_JS = process.env.BENCH_BASELINE_JS;
const LIVE = `(${DUPLICATE_GUARDED_STATUSES.map((s) => `'${s}'`).join(', ')})`;

const msText = (value: number) => `${value.toFixed(2)} ms`;

async function main(): Promise<void> {
  assertBuilt();
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const { pool, world, startApi } = await startApiBench('cv_bench_submit', cleanups, {
      withoutDuplicateKeys: true,
    });
    const scalar = async (sql: string) => Number((await pool.query<{ n: string }>(sql)).rows[0]!.n);
    const live = await scalar(
      `SELECT count(*) AS n FROM posts p JOIN post_revisions r
         ON r.post_id = p.id AND r.revision = p.current_revision WHERE p.status IN ${LIVE}`,
    );
    const keylessSql = 'SELECT count(*) AS n FROM post_revisions WHERE duplicate_keys IS NULL';
    const keyless = await scalar(keylessSql);

    // Drafts whose quotes may be used in their campaign: submit refuses the others.
    const { rows: draftQuotes } = await pool.query<{
      id: string;
      usable: [VettingStatus, Verification, ConsentStatus, Verification][];
    }>(
      `SELECT p.id, coalesce(json_agg(json_build_array(
                q.vetting_status, q.verification, d.consent_status, c.minimum_verification))
              FILTER (WHERE q.id IS NOT NULL), '[]') AS usable
       FROM posts p JOIN campaigns c ON c.id = p.campaign_id
       LEFT JOIN post_quotes pq ON pq.post_id = p.id
       LEFT JOIN quotes q ON q.id = pq.quote_id LEFT JOIN defectors d ON d.id = q.defector_id
       WHERE p.status = 'draft' GROUP BY p.id ORDER BY md5(p.id::text)`,
    );
    const drafts = draftQuotes
      .filter(({ usable }) =>
        usable.every(([vettingStatus, verification, consentStatus, minimum]) =>
          isUsable({ vettingStatus, verification }, { consentStatus }, minimum),
        ),
      )
      .slice(0, SUBMITS * (BASELINE_JS ? 2 : 1))
      .map((d) => d.id);
    if (drafts.length < SUBMITS * (BASELINE_JS ? 2 : 1))
      throw new Error(`Only ${drafts.length} drafts can be submitted`);
    // Seeded sentences run past a post's length; submit would refuse them.
    await pool.query(
      `UPDATE post_revisions r SET segments = ARRAY(SELECT left(s, 200) FROM unnest(r.segments) s)
       FROM posts p WHERE p.id = r.post_id AND r.revision = p.current_revision AND p.id = any($1)`,
      [drafts],
    );

    const startApp = async (name: string, js: string) => {
      const started = performance.now();
      const server = await startApi(name, js);
      return { server, readyMs: performance.now() - started };
    };
    print(`Starting the api (${keyless} revisions without duplicate keys)…`);
    const api = await startApp('api', process.env.BENCH_MAIN_JS ?? MAIN_JS);
    const stillKeyless = await scalar(keylessSql);
    if (stillKeyless > 0) throw new Error(`${stillKeyless} revisions still have no keys`);
    const baseline = BASELINE_JS ? await startApp('baseline api', BASELINE_JS) : undefined;

    // The backfill rewrote every revision: autovacuum clears the dead entries it left in the
    // keyless rows' index within a minute or so; here that is done at once.
    await pool.query('VACUUM ANALYZE post_revisions');

    // The duplicate check alone: drafts, and live posts whose text another live post shares.
    const db = drizzle(pool, { schema });
    const repository = new PostsRepository(db);
    const { rows: subjects } = await pool.query<{
      postId: string;
      channelId: string;
      segments: string[];
    }>(
      `WITH current AS (
         SELECT p.id, p.channel_id, p.status, r.segments
         FROM posts p JOIN post_revisions r ON r.post_id = p.id AND r.revision = p.current_revision)
       (SELECT id AS "postId", channel_id AS "channelId", segments FROM current c
        WHERE status = 'draft' ORDER BY md5(id::text) LIMIT $1)
       UNION ALL
       (SELECT id, channel_id, segments FROM current c
        WHERE status IN ${LIVE} AND EXISTS (
          SELECT 1 FROM current o WHERE o.segments = c.segments AND o.id <> c.id AND o.status IN ${LIVE})
        ORDER BY md5(id::text) LIMIT $1)`,
      [CHECKS / 2],
    );
    const byKeys: number[] = [];
    const byScan: number[] = [];
    let warnings = 0;
    for (const subject of subjects) {
      let started = performance.now();
      const found = findDuplicates(
        subject,
        await repository.liveTextsSharing(db, duplicateKeys(subject.segments), subject.postId),
      );
      byKeys.push(performance.now() - started);
      started = performance.now();
      const { rows: everyLivePost } = await pool.query(
        `SELECT p.id AS "postId", p.channel_id AS "channelId", p.status, r.segments
         FROM posts p JOIN post_revisions r ON r.post_id = p.id AND r.revision = p.current_revision
         WHERE p.status IN ${LIVE}`,
      );
      const expected = findDuplicates(subject, everyLivePost);
      byScan.push(performance.now() - started);
      const ids = (matches: typeof found) => matches.map((m) => m.postId).sort();
      if (JSON.stringify(ids(found)) !== JSON.stringify(ids(expected)))
        throw new Error(`The lookup by keys and the full comparison differ for ${subject.postId}`);
      warnings += found.length;
    }

    // Submit through the api, alternating with the baseline on other drafts.
    const submitOn = async (server: ServerProcess, id: string) => {
      const started = performance.now();
      const res = await fetch(`http://127.0.0.1:${server.port}/api/posts/${id}/submit`, {
        method: 'POST',
        headers: { authorization: `Bearer ${world.token}` },
      });
      const elapsed = performance.now() - started;
      if (!res.ok)
        throw new Error(`${server.name}: submit ${id}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      return elapsed;
    };
    const latency = { api: [] as number[], baseline: [] as number[] };
    const cpu = { api: 0, baseline: 0 };
    for (let i = 0; i < SUBMITS; i++) {
      for (const [which, app] of [
        ['api', api],
        ['baseline', baseline],
      ] as const) {
        if (!app) continue;
        const before = cpuTimeMs(app.server.pid) ?? NaN;
        latency[which].push(await submitOn(app.server, drafts.pop()!));
        cpu[which] += (cpuTimeMs(app.server.pid) ?? NaN) - before;
      }
    }

    const keys = distribution(byKeys);
    const scan = distribution(byScan);
    const submit = distribution(latency.api);
    const older = baseline ? distribution(latency.baseline) : undefined;
    print();
    print(
      `${SIZE.posts} posts, ${live} live; ${subjects.length} texts checked (half drafts), ${warnings} warnings`,
    );
    print(
      table([
        ['measure', 'median', 'p95', 'ratio of medians'],
        ['duplicate check by keys', msText(keys.p50), msText(keys.p95), ''],
        [
          'duplicate check, every live post',
          msText(scan.p50),
          msText(scan.p95),
          `${(scan.p50 / keys.p50).toFixed(0)}x`,
        ],
        [
          `submit (api), CPU ${msText(cpu.api / SUBMITS)} a submit`,
          msText(submit.p50),
          msText(submit.p95),
          '',
        ],
        ...(older
          ? [
              [
                `submit (baseline), CPU ${msText(cpu.baseline / SUBMITS)} a submit`,
                msText(older.p50),
                msText(older.p95),
                `${(older.p50 / submit.p50).toFixed(1)}x`,
              ],
            ]
          : []),
      ]),
    );
    const rss = residentBytes(api.server.pid);
    print(
      `api ready in ${(api.readyMs / 1000).toFixed(1)} s, computing keys for ${keyless} revisions; resident ${rss === undefined ? 'n/a' : `${Math.round(rss / 2 ** 20)} MB`} after the run`,
    );
    print(
      JSON.stringify({
        posts: SIZE.posts,
        live,
        checkByKeys: keys,
        checkByScan: scan,
        submit,
        submitCpuMs: cpu.api / SUBMITS,
        baselineSubmit: older,
        baselineSubmitCpuMs: baseline ? cpu.baseline / SUBMITS : undefined,
        apiReadyMs: api.readyMs,
        keysComputed: keyless,
        apiRssBytes: rss,
      }),
    );
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

await main();
