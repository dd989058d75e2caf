import { Writable } from 'node:stream';
import { pinoHttp, type Options } from 'pino-http';
import type { AppConfig } from './config/app-config.js';
import { loggerOptions } from './logging.js';

const optionsAt = (logLevel: string) =>
  loggerOptions({ logLevel, role: 'api', env: 'production' } as AppConfig).pinoHttp as Options;

describe('request logging', () => {
  it('logs a line per request only where the level lets info lines through', () => {
    for (const level of ['trace', 'debug', 'info']) {
      expect(optionsAt(level).autoLogging).toMatchObject({ ignore: expect.any(Function) });
    }
    for (const level of ['warn', 'error', 'fatal', 'silent']) {
      expect(optionsAt(level).autoLogging).toBe(false);
    }
  });

  it('labels every line with the process role, request lines included', () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pinoHttp(optionsAt('info'), stream).logger;
    logger.info('started');
    logger.child({ req: { method: 'GET', url: '/api/posts' } }).warn('slow');
    expect(lines.map((l) => (JSON.parse(l) as { role: string }).role)).toEqual(['api', 'api']);
  });
});
