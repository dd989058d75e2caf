import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describeAddress } from '../config/app-config.js';
import { waitFor } from '../common/wait-for.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Creates the target database when the server is up but the database is not there yet. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({
    connectionString: admin.toString(),
    connectionTimeoutMillis: 5_000,
  });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
      } catch (error) {
        // Two processes starting together: the other one created it first.
        if ((error as { code?: string }).code !== '42P04') throw error;
      }
    }
  } finally {
    await client.end();
  }
}

export async function runMigrations(databaseUrl: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    // Serialise concurrent starters (api + workers) on one advisory lock.
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(727274)');
      await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client.query('SELECT pg_advisory_unlock(727274)').catch(() => undefined);
      client.release();
    }
  } finally {
    await pool.end();
  }
}

/** Waits (bounded) for PostgreSQL, creates the database if needed and applies migrations. */
export async function prepareDatabase(
  options: { url: string; migrate: boolean; timeoutMs: number },
  report: (line: string) => void,
): Promise<void> {
  await waitFor(
    `PostgreSQL at ${describeAddress(options.url)}`,
    () => ensureDatabase(options.url),
    options.timeoutMs,
    report,
  );
  if (options.migrate) await runMigrations(options.url);
}
