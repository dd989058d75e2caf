/**
 * The yardstick: a bare NestJS hello-world on the same platform (Express) the app uses, no
 * guards, pipes, logging or database. Started as its own process by bench/api.ts:
 *
 *   PORT=3999 node --import tsx bench/support/bare-nest.ts
 *
 * It also answers any JSON body it was given (`PUT /bodies/:name`, then `GET /bodies/:name`), the
 * way a controller returning that object would: the same framework serialising and writing the
 * same bytes as an app endpoint, with no work behind them. That is the ceiling for an endpoint
 * whose answer is that large. Like the app, it compresses answers for clients that accept it.
 */
import 'reflect-metadata';
import { Body, Controller, Get, Module, NotFoundException, Param, Put } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import { BROTLI_PARAMS } from '../../src/common/content-coding.js';

const bodies = new Map<string, unknown>();

@Controller()
class HelloController {
  @Get('hello')
  hello(): { hello: string } {
    return { hello: 'world' };
  }

  @Put('bodies/:name')
  keep(@Param('name') name: string, @Body() body: unknown): void {
    bodies.set(name, body);
  }

  @Get('bodies/:name')
  body(@Param('name') name: string): unknown {
    if (!bodies.has(name)) throw new NotFoundException();
    return bodies.get(name);
  }
}

@Module({ controllers: [HelloController] })
class HelloModule {}

const app = await NestFactory.create<NestExpressApplication>(HelloModule, {
  logger: false,
  bodyParser: false,
});
// As the app (src/http-app.ts) compresses answers over 1 KB for clients that accept it.
app.use(compression({ brotli: { params: BROTLI_PARAMS } }));
// A calendar month of 200 posts is larger than the parser's default 100 KB.
app.useBodyParser('json', { limit: '10mb' });
app.enableShutdownHooks();
await app.listen(Number(process.env.PORT ?? 3999), '127.0.0.1');
