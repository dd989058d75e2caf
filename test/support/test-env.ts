/** Where the tests find PostgreSQL and Redis; .ci/run starts both on these defaults. */
export const TEST_PG_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Set by global-setup.mjs: the migrated template every test database is cloned from. */
export const templateDb = () => process.env.CV_TEST_TEMPLATE ?? 'cv_test_template';

export function databaseUrl(name: string): string {
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
