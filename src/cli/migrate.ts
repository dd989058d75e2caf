import { ConfigError, loadConfig } from '../config/app-config.js';
import { prepareDatabase } from '../db/prepare-database.js';

/** `npm run db:migrate`: creates the database if needed and applies the committed migrations. */
try {
  const config = loadConfig();
  await prepareDatabase(
    {
      url: config.database.url,
      migrate: true,
      timeoutMs: config.startupTimeoutMs,
      appRole: config.database.appRole,
    },
    (line) => console.error(line),
  );
  console.error('Migrations applied.');
} catch (error) {
  console.error(
    error instanceof ConfigError ? error.message : `Migration failed: ${(error as Error).message}`,
  );
  process.exit(error instanceof ConfigError ? 2 : 1);
}
