// Plain ESM: Jest loads globalSetup outside its TypeScript transform.
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MIGRATIONS = new URL('../../drizzle/', import.meta.url).pathname;

const urlOf = (name) => {
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
};

/** Test databases are named cv_t_<pid>_<random>: one whose process still runs is in use. */
function createdByLivingProcess(datname) {
  const pid = Number(/^cv_t_(\d+)_/.exec(datname)?.[1]);
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Migrates one template database per set of migrations (its name carries their hash, so runs
 * in parallel share it and a schema change makes a new one); each test file clones it.
 */
export default async function globalSetup() {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    hash.update(file).update(readFileSync(MIGRATIONS + file));
  }
  const template = `cv_tpl_${hash.digest('hex').slice(0, 12)}`;
  process.env.CV_TEST_TEMPLATE = template;

  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    // Leftovers of earlier runs; databases in use by a run in progress are left alone, and so
    // are templates (a parallel run may be about to clone one; there is one per schema change).
    // The underscores are escaped: unescaped, `_` matches any character, templates included.
    const stale = await admin.query(
      "SELECT datname FROM pg_database WHERE datname LIKE 'cv\\_t\\_%' " +
        'AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = pg_database.datname)',
    );
    for (const { datname } of stale.rows) {
      if (createdByLivingProcess(datname)) continue;
      await admin.query(`DROP DATABASE IF EXISTS "${datname}"`).catch(() => undefined);
    }
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (exists.rowCount === 0) {
      // Built under a private name and renamed, so no run ever clones a half-migrated template.
      const building = `${template}_${process.pid}`;
      await admin.query(`CREATE DATABASE "${building}"`);
      const pool = new pg.Pool({ connectionString: urlOf(building), max: 1 });
      try {
        await migrate(drizzle(pool), { migrationsFolder: MIGRATIONS });
      } finally {
        await pool.end();
      }
      // Marked a template, PostgreSQL refuses to drop it (older copies of this set-up matched
      // templates in their clean-up above).
      await admin.query(`ALTER DATABASE "${building}" WITH IS_TEMPLATE true`);
      await admin
        .query(`ALTER DATABASE "${building}" RENAME TO "${template}"`)
        .catch(async (error) => {
          if (error.code !== '42P04') throw error; // another run finished the same template first
          await admin.query(`ALTER DATABASE "${building}" WITH IS_TEMPLATE false`);
          await admin.query(`DROP DATABASE IF EXISTS "${building}"`);
        });
      // PostgreSQL never drops a database marked as a template, whatever a cleanup matches.
      await admin.query(`ALTER DATABASE "${template}" IS_TEMPLATE true`);
    }
  } finally {
    await admin.end();
  }
}
