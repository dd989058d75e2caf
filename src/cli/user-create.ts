import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { SYSTEM_ACTOR } from '../audit/actor.js';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { prepareDatabase } from '../db/prepare-database.js';
import { ROLES, type Role } from '../db/schema/index.js';
import { randomToken } from '../auth/secrets.js';
import { PASSWORD_MIN_LENGTH } from '../users/users.dto.js';
import { UsersService } from '../users/users.service.js';
import { UserAdminModule } from './user-admin.module.js';

const USAGE = `Usage: npm run user:create -- --email EMAIL --name "Display Name" [--roles admin,editor] [--password-env VAR]
  Creates a user (default role: admin). The password is read from the environment variable named by
  --password-env (default CV_PASSWORD); when it is not set, a random password is generated and printed once.`;

function fail(message: string, code = 2): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(code);
}

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    roles: { type: 'string', default: 'admin' },
    'password-env': { type: 'string', default: 'CV_PASSWORD' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.error(USAGE);
  process.exit(0);
}
if (!values.email || !/^[^@\s]+@[^@\s]+$/.test(values.email))
  fail('--email: must be an email address');
if (!values.name) fail('--name: is required');
const roles = values.roles.split(',').map((r) => r.trim()) as Role[];
const unknown = roles.filter((r) => !ROLES.includes(r));
if (unknown.length > 0)
  fail(`--roles: unknown role(s) ${unknown.join(', ')}; known: ${ROLES.join(', ')}`);
const given = process.env[values['password-env']];
if (given !== undefined && given.length < PASSWORD_MIN_LENGTH) {
  fail(`${values['password-env']}: must be at least ${PASSWORD_MIN_LENGTH} characters`);
}
const password = given ?? randomToken(18);

try {
  const config = loadConfig();
  await prepareDatabase(
    {
      url: config.database.url,
      migrate: config.database.migrateOnStart,
      appRole: config.database.appRole,
      timeoutMs: config.startupTimeoutMs,
    },
    (line) => console.error(line),
  );
  const context = await NestFactory.createApplicationContext(UserAdminModule.forConfig(config), {
    logger: false,
  });
  try {
    const user = await context.get(UsersService).create(SYSTEM_ACTOR, {
      email: values.email,
      displayName: values.name,
      password,
      roles,
    });
    console.error(`Created ${user.email} with roles ${user.roles.join(', ')}.`);
    if (given === undefined) console.error(`Generated password (shown once): ${password}`);
  } finally {
    await context.close();
  }
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  const detail = (error as { getResponse?: () => { detail?: string } }).getResponse?.().detail;
  console.error(`Could not create the user: ${detail ?? (error as Error).message}`);
  process.exit(1);
}
