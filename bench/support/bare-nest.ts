/**
 * The yardstick: a bare NestJS hello-world on the same platform (Express) the app uses, no
 * guards, pipes, logging or database. Started as its own process by bench/api.ts:
 *
 *   PORT=3999 node --import tsx bench/support/bare-nest.ts
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Controller()
class HelloController {
  @Get('hello')
  hello(): { hello: string } {
    return { hello: 'world' };
  }
}

@Module({ controllers: [HelloController] })
class HelloModule {}

const app = await NestFactory.create(HelloModule, { logger: false });
app.enableShutdownHooks();
await app.listen(Number(process.env.PORT ?? 3999), '127.0.0.1');
