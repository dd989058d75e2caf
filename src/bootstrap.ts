import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Redis } from 'ioredis';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { waitFor } from './common/wait-for.js';
import { type AppConfig, describeAddress } from './config/app-config.js';
import { prepareDatabase } from './db/prepare-database.js';
import { configureHttp } from './http-app.js';
import { AnsweringExpressAdapter } from './read-cache/answer-adapter.js';

async function pingRedis(url: string): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2_000,
  });
  try {
    await client.connect();
    await client.ping();
  } finally {
    client.disconnect();
  }
}

/** Waits (bounded) for PostgreSQL and Redis, migrates, then builds the app for its role. */
export async function createApp(
  config: AppConfig,
  report: (line: string) => void,
): Promise<NestExpressApplication> {
  await prepareDatabase(
    {
      url: config.database.url,
      migrate: config.database.migrateOnStart,
      appRole: config.database.appRole,
      timeoutMs: config.startupTimeoutMs,
    },
    report,
  );
  await waitFor(
    `Redis at ${describeAddress(config.redis.url)}`,
    () => pingRedis(config.redis.url),
    config.startupTimeoutMs,
    report,
  );
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forConfig(config),
    new AnsweringExpressAdapter(),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback');
  configureHttp(app, config);
  return app;
}
