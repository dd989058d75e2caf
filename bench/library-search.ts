/**
 * Library search latency with tens of thousands of quotes: creates a scratch database, migrates
 * it, inserts QUOTES quotes (default 30,000) of mixed languages, and prints the median and p95
 * of typical searches run through the real repository. Drops the database afterwards.
 *
 *   npm run bench:search                      # BENCH_QUOTES=100000 for more
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { runMigrations } from '../src/db/prepare-database.js';
import * as schema from '../src/db/schema/index.js';
import { type QuoteFilter, QuotesRepository } from '../src/library/quotes.repository.js';
import { searchConfigFor } from '../src/library/search-config.js';

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const QUOTES = Number(process.env.BENCH_QUOTES ?? 30_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);

const WORDS: Record<string, string[]> = {
  en: 'we were promised heroism but cleaned toilets guarded empty checkpoints emirs lived in villas while fighters queued for bread executions in the square every friday brothers killed other sunni rebels instead of the regime salaries never came foreign fighters got better houses local men were treated like servants the commanders stole the spoils nobody prayed properly'.split(
    ' ',
  ),
  ar: 'وعدونا بالبطولة لكننا نظفنا المراحيض وحرسنا حواجز فارغة الأمراء عاشوا في الفلل بينما وقف المقاتلون في طوابير الخبز الإعدامات في الساحة كل جمعة قتل الإخوة ثوارا سنة آخرين بدل النظام الرواتب لم تأت'.split(
    ' ',
  ),
  fr: 'on nous avait promis la gloire mais nous nettoyions les toilettes les émirs vivaient dans des villas pendant que les combattants faisaient la queue pour le pain exécutions sur la place chaque vendredi'.split(
    ' ',
  ),
  de: 'man versprach uns heldentum doch wir putzten toiletten die emire wohnten in villen während die kämpfer für brot anstanden hinrichtungen auf dem platz jeden freitag'.split(
    ' ',
  ),
};
const LANGUAGES = ['en', 'en', 'en', 'en', 'en', 'en', 'ar', 'ar', 'fr', 'de'];
const THEMES = [
  'infighting',
  'brutality_against_sunnis',
  'corruption_unislamic',
  'quality_of_life',
  'dull_duties',
];
const VERIFICATION = ['unverified', 'single_source', 'single_source', 'corroborated', 'disputed'];
const VETTING = ['pending', 'vetted', 'vetted', 'vetted', 'rejected'];
const RISK = ['low', 'low', 'medium', 'high'];

/** mulberry32: the same data on every run, so runs compare. */
let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
};
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
const sentence = (language: string) =>
  Array.from({ length: 12 + Math.floor(random() * 18) }, () => pick(WORDS[language]!)).join(' ');

async function populate(pool: pg.Pool) {
  const sources = await pool.query<{ id: string }>(
    `INSERT INTO sources (outlet, title, url, language)
     SELECT '[SAMPLE] Outlet ' || i, '[SAMPLE] Report ' || i, 'https://example.org/bench/' || i, 'en'
     FROM generate_series(1, 300) i RETURNING id`,
  );
  const defectors = await pool.query<{ id: string }>(
    `INSERT INTO defectors (display_name, consent_status)
     SELECT '[SAMPLE] Defector ' || i, CASE WHEN i % 50 = 0 THEN 'withdrawn' ELSE 'public_record' END
     FROM generate_series(1, 2000) i RETURNING id`,
  );
  const sourceIds = sources.rows.map((r) => r.id);
  const defectorIds = defectors.rows.map((r) => r.id);
  const start = Date.now() - QUOTES * 60_000;
  for (let done = 0; done < QUOTES; done += 1000) {
    const n = Math.min(1000, QUOTES - done);
    const cols: Record<string, unknown[]> = {
      text: [],
      language: [],
      config: [],
      translation: [],
      tconfig: [],
      source: [],
      defector: [],
      verification: [],
      risk: [],
      vetting: [],
      created: [],
      theme1: [],
      theme2: [],
    };
    for (let i = 0; i < n; i++) {
      const language = pick(LANGUAGES);
      const translated = language !== 'en';
      cols.text!.push(`[SAMPLE] ${sentence(language)}`);
      cols.language!.push(language);
      cols.config!.push(searchConfigFor(language));
      cols.translation!.push(translated ? `[SAMPLE] ${sentence('en')}` : null);
      cols.tconfig!.push(searchConfigFor(translated ? 'en' : null));
      cols.source!.push(pick(sourceIds));
      cols.defector!.push(pick(defectorIds));
      cols.verification!.push(pick(VERIFICATION));
      cols.risk!.push(pick(RISK));
      cols.vetting!.push(pick(VETTING));
      cols.created!.push(new Date(start + (done + i) * 60_000).toISOString());
      const first = pick(THEMES);
      cols.theme1!.push(first);
      cols.theme2!.push(random() < 0.3 ? pick(THEMES.filter((th) => th !== first)) : null);
    }
    await pool.query(
      `WITH q AS (
         INSERT INTO quotes (text, language, search_config, translation, translation_language,
                             translation_search_config, source_id, defector_id, verification,
                             identity_risk, vetting_status, created_at)
         SELECT t, l, c::regconfig, tr, CASE WHEN tr IS NULL THEN NULL ELSE 'en' END, tc::regconfig,
                s::uuid, d::uuid, v, r, vs, ca::timestamptz
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                     $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
              AS x(t, l, c, tr, tc, s, d, v, r, vs, ca, th1, th2)
         RETURNING id, text
       )
       INSERT INTO quote_themes (quote_id, theme_key)
       SELECT q.id, th FROM q JOIN unnest($1::text[], $12::text[], $13::text[]) AS y(t, th1, th2)
         ON y.t = q.text, LATERAL (VALUES (th1), (th2)) AS v(th) WHERE th IS NOT NULL
       ON CONFLICT DO NOTHING`,
      Object.values(cols),
    );
  }
  await pool.query('ANALYZE');
  return { sourceId: sourceIds[0]!, defectorId: defectorIds[7]! };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function main() {
  const name = `cv_bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(SERVER);
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
  try {
    await runMigrations(url.toString());
    const t0 = performance.now();
    const ids = await populate(pool);
    process.stdout.write(
      `${QUOTES} quotes, 300 sources, 2000 defectors inserted in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${RUNS} runs per search, 50 per page\n\n`,
    );
    const repo = new QuotesRepository(drizzle(pool, { schema }));
    const deepCursor = async (filter: QuoteFilter) => {
      let before: { createdAt: Date; id: string } | undefined;
      for (let page = 0; page < 10; page++) {
        const rows = await repo.search(filter, { before, limit: 51 });
        const last = rows.at(50);
        if (!last) break;
        before = { createdAt: rows[49]!.createdAt, id: rows[49]!.id };
      }
      return before;
    };
    const searches: [string, QuoteFilter, boolean?][] = [
      ['newest first, no filter', {}],
      ['usable now', { usableNow: true }],
      ['theme + language', { themes: ['dull_duties'], languages: ['en'] }],
      [
        'vetted + low risk + corroborated',
        { vettingStatus: ['vetted'], identityRisk: ['low'], verification: ['corroborated'] },
      ],
      ['one defector', { defectorId: ids.defectorId }],
      ['one source, usable', { sourceId: ids.sourceId, usableNow: true }],
      ['text: common word', { text: 'executions' }],
      ['text: two words', { text: 'villas bread' }],
      ['text: phrase', { text: '"cleaned toilets"' }],
      ['text: rare word', { text: 'submarine' }],
      ['text + usable + theme', { text: 'salaries', usableNow: true, themes: ['quality_of_life'] }],
      ['text (Arabic) + language', { text: 'الإعدامات', languages: ['ar'] }],
      ['text (French stem)', { text: 'exécution' }],
      ['page 11 via cursor, no filter', {}, true],
      ['page 11 via cursor, text', { text: 'executions' }, true],
    ];
    const header = `${'search'.padEnd(36)} ${'median ms'.padStart(10)} ${'p95 ms'.padStart(10)} ${'rows'.padStart(6)}`;
    process.stdout.write(`${header}\n${'-'.repeat(header.length)}\n`);
    for (const [label, filter, deep] of searches) {
      const before = deep ? await deepCursor(filter) : undefined;
      let rows = 0;
      const times: number[] = [];
      for (let run = 0; run < RUNS + 3; run++) {
        const started = performance.now();
        rows = (await repo.search(filter, { before, limit: 51 })).length;
        if (run >= 3) times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      process.stdout.write(
        `${label.padEnd(36)} ${percentile(times, 50).toFixed(2).padStart(10)} ${percentile(times, 95).toFixed(2).padStart(10)} ${String(rows).padStart(6)}\n`,
      );
    }
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
