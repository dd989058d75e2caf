import { Logger, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { fileURLToPath } from 'node:url';
import { webAppHandler } from './web-app.js';

/** `vite build` writes the web UI here (vite.config.ts); same path from src/ and dist/. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Serves the web UI at `/` on the same origin as the API, so the session cookie and CSRF work. */
@Module({})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    const { handler, built } = webAppHandler(WEB_DIST);
    if (!built) {
      new Logger('WebModule').warn(
        `The web UI is not built (no ${WEB_DIST}/index.html): run npm run build.`,
      );
    }
    consumer.apply(handler).forRoutes('{*path}');
  }
}
