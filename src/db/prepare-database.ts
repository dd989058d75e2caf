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

/** The unprivileged role the application's pool signs in as. */
export interface ApplicationRole {
  name: string;
  password?: string;
}

const ROLE_ATTRIBUTES = 'LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION';

/**
 * As the owner: makes sure the application's role exists without superuser rights (so it can
 * neither set `session_replication_role` to skip the audit trigger nor bypass row security),
 * and may only read and write rows: no DDL, no TRUNCATE, and on audit_events only SELECT and
 * INSERT. Idempotent; run after every migration and at every start (test databases are clones).
 */
export async function grantApplicationRole(ownerUrl: string, role: ApplicationRole) {
  const client = new pg.Client({ connectionString: ownerUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  const app = quoteIdent(role.name);
  const password =
    role.password === undefined ? '' : ` PASSWORD ${client.escapeLiteral(role.password)}`;
  try {
    const found = await client.query<{ privileged: boolean }>(
      `SELECT rolsuper OR rolbypassrls OR rolcreatedb OR rolcreaterole OR rolreplication OR NOT rolcanlogin AS privileged
         FROM pg_roles WHERE rolname = $1`,
      [role.name],
    );
    if (found.rowCount === 0) {
      await client.query(`CREATE ROLE ${app} ${ROLE_ATTRIBUTES}${password}`).catch((error) => {
        // Roles are cluster-wide: another process (or test database) created it just now.
        if (!['42710', '23505'].includes((error as { code?: string }).code ?? '')) throw error;
      });
    } else if (found.rows[0]!.privileged || password) {
      await client.query(`ALTER ROLE ${app} ${ROLE_ATTRIBUTES}${password}`);
    }
    const database = quoteIdent((await client.query('SELECT current_database() AS d')).rows[0].d);
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO ${app}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
    await client.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`,
    );
    await client.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
    await client.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`,
    );
    await client.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${app}`,
    );
    // The audit trail is evidence: the application appends and reads, nothing else.
    await client.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM ${app}`);
  } finally {
    await client.end();
  }
}

/**
 * Waits (bounded) for PostgreSQL, creates the database if needed, applies migrations (as the
 * owner) and sets up the application's role.
 */
export async function prepareDatabase(
  options: { url: string; migrate: boolean; timeoutMs: number; appRole: ApplicationRole },
  report: (line: string) => void,
): Promise<void> {
  await waitFor(
    `PostgreSQL at ${describeAddress(options.url)}`,
    () => ensureDatabase(options.url),
    options.timeoutMs,
    report,
  );
  if (options.migrate) await runMigrations(options.url);
  // A process that does not migrate may start before the one that does has created the schema:
  // the role's grants need the tables, so it waits (bounded) for them.
  else
    await waitFor(
      `The schema in ${describeAddress(options.url)} (migrated by another process)`,
      () => assertMigrated(options.url),
      options.timeoutMs,
      report,
    );
  await withSetupLock(options.url, () => grantApplicationRole(options.url, options.appRole));
}

/** Fails until the migrations have created the schema (the audit log is in the first one). */
async function assertMigrated(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ found: string | null }>(
      "SELECT to_regclass('public.audit_events')::text AS found",
    );
    if (!rows[0]?.found) throw new Error('no migrations applied yet');
  } finally {
    await client.end();
  }
}

/** Processes starting together (api + workers) set the role up one after another. */
async function withSetupLock(url: string, work: () => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(727275)');
    await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock(727275)').catch(() => undefined);
    await client.end();
  }
}
