// Started by src/main.ts once it knows this Node is new enough.
import 'reflect-metadata';
import { createApp } from './bootstrap.js';
import { ConfigError, loadConfig } from './config/app-config.js';

const report = (line: string) =>
  process.stderr.write(`${JSON.stringify({ level: 40, time: Date.now(), msg: line })}\n`);

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const app = await createApp(config, report);
  await app.listen(config.http.port, config.http.host);
}

main().catch((error: unknown) => {
  console.error(
    `Countervoice failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
