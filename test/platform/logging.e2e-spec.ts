import { sql } from 'drizzle-orm';
import express from 'express';
import { Writable } from 'node:stream';
import { pinoHttp, type Options } from 'pino-http';
import request from 'supertest';
import { users } from '../../src/db/schema/index.js';
import { loggerOptions } from '../../src/logging.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The app's own logger configuration, writing into an array instead of stdout. */
function capturingLogger(t: TestApp) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const options = loggerOptions({ ...t.config, logLevel: 'info', env: 'test' }).pinoHttp as Options;
  const http = pinoHttp(options, stream);
  return { http, logger: http.logger, output: () => lines.join('') };
}

const failureOf = async (statement: Promise<unknown>): Promise<Error> => {
  try {
    await statement;
  } catch (error) {
    return error as Error;
  }
  throw new Error('the statement was expected to fail');
};

describe('log lines never carry a statement parameter', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('logs a unique clash as its code, constraint, table and statement, without values or pg detail', async () => {
    const { email } = await t.user(['author']);
    const secretHash = '$argon2id$v=19$SECRET-HASH-3f9a';
    const hometown = 'SECRET-HOMETOWN-Tal-Afar';
    const error = await failureOf(
      t.db.insert(users).values({ email, displayName: hometown, passwordHash: secretHash }),
    );
    // The driver's error does carry the values: this is what must stay out of the log.
    const cause = error.cause as { detail?: string; code?: string };
    expect(`${error.message} ${cause.detail}`).toContain(email);
    expect(error.message).toContain(secretHash);

    const { logger, output } = capturingLogger(t);
    logger.error({ err: error, path: '/api/users' }, 'Internal Server Error');
    logger.warn({ postId: 'p1', err: error.message }, 'publishing failed unexpectedly');
    logger.error(error);
    logger.error({ error, cause }, `could not save: ${error.message}`);

    const logged = output();
    for (const secret of [email, secretHash, hometown, cause.detail!, 'already exists']) {
      expect(logged).not.toContain(secret);
    }
    const first = JSON.parse(logged.split('\n')[0]!) as { err: Record<string, unknown> };
    expect(first.err).toMatchObject({
      code: '23505',
      constraint: 'users_email_unique',
      table: 'users',
      statement: 'insert users',
    });
    expect(logged).toContain('Failed query: insert users (parameters withheld)');
  });

  it('keeps a value quoted in the database message itself out of the log', async () => {
    const secret = 'SECRET-real-name-Abu-Omar';
    const error = await failureOf(t.db.execute(sql`SELECT id FROM users WHERE id = ${secret}`));
    expect(JSON.stringify({ m: error.message, c: (error.cause as Error).message })).toContain(
      secret,
    );
    const { logger, output } = capturingLogger(t);
    logger.error({ err: error }, 'lookup failed');
    logger.error({ err: error.cause }, 'lookup failed');
    expect(output()).not.toContain(secret);
    expect(output()).toContain('"code":"22P02"');
    expect(output()).toContain('"statement":"select users"');
  });

  it('names a request by its id, method and path, without its headers, cookies or address', async () => {
    const { http, output } = capturingLogger(t);
    const app = express();
    app.use(http);
    app.get('/api/posts', (req, res) => {
      req.log.warn('slow list');
      res.json({ items: [] });
    });
    await request(app)
      .get('/api/posts?status=draft')
      .set('authorization', 'Bearer cv_SECRET-token')
      .set('cookie', 'cv_session=SECRET-session')
      .set('user-agent', 'SECRET-browser/1.0')
      .set('x-forwarded-for', '203.0.113.7')
      .expect(200);
    const lines = output()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; req: unknown });
    // The warning inside the request and pino-http's own line at info both carry it.
    expect(lines.map((l) => l.msg)).toEqual(['slow list', 'request completed']);
    for (const line of lines) {
      expect(line.req).toEqual({
        id: expect.anything(),
        method: 'GET',
        url: '/api/posts?status=draft',
      });
    }
    for (const secret of ['SECRET', '203.0.113.7', '127.0.0.1', 'user-agent']) {
      expect(output()).not.toContain(secret);
    }
  });
});
