import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../config/app-config.js';
import { buildOpenApiDocument } from '../http-app.js';

/**
 * `node dist/cli/openapi.js <file>`: writes the API's OpenAPI document, which `npm run web:types`
 * turns into the web UI's types. Preview mode registers every controller without instantiating a
 * provider, so neither PostgreSQL nor Redis is needed.
 */
const target = process.argv[2];
if (!target) {
  console.error('Usage: node dist/cli/openapi.js <output.json>');
  process.exit(2);
}

const app = await NestFactory.create(
  AppModule.forConfig(loadConfig({ APP_ROLE: 'api', DEMO_MODE: 'false', LOG_LEVEL: 'silent' })),
  { preview: true, logger: false, abortOnError: false },
);
const document = buildOpenApiDocument(app);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
await app.close();
