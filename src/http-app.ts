import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import { json } from 'express';
import helmet from 'helmet';
import { AuthService } from './auth/auth.service.js';
import { admitSession } from './auth/cookie-admission.js';
import { BROTLI_PARAMS } from './common/content-coding.js';
import { invalid } from './common/domain-errors.js';
import { jsonDepth } from './common/json-depth.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/app-config.js';
import { mountQueueDashboard, QUEUE_DASHBOARD_PATH } from './queue/queue-dashboard.js';

export function buildOpenApiDocument(app: INestApplication) {
  const config = new DocumentBuilder()
    .setTitle('Countervoice API')
    .setDescription(
      'Counter-messaging campaign scheduler. Sign in with POST /api/auth/login (session cookie; send the returned ' +
        'csrfToken as x-csrf-token on changes) or use an API token as `Authorization: Bearer cv_…`. Errors are ' +
        'RFC 9457 application/problem+json.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .addCookieAuth('cv_session')
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** No DTO nests more than a few levels; a deeper body is refused (400, rule maxDepth). */
export const MAX_JSON_DEPTH = 32;

const TOO_DEEP = 'entity.too.deep';

/** Thrown from the parser's verify hook; the error handler below turns it into the 400. */
function tooDeep(): Error {
  return Object.assign(new Error(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`), {
    status: 400,
    type: TOO_DEEP,
  });
}

const depthRefusal = (error: unknown, _req: unknown, _res: unknown, next: (e: unknown) => void) =>
  next(
    (error as { type?: unknown }).type === TOO_DEEP
      ? invalid([
          {
            field: 'body',
            rule: 'maxDepth',
            message: `the body must not nest arrays and objects deeper than ${MAX_JSON_DEPTH} levels`,
          },
        ])
      : error,
  );

/** HTTP concerns shared by main.ts and the tests, so tests exercise the real pipeline. */
export function configureHttp(app: INestApplication, config: AppConfig): void {
  // Brotli or gzip for API answers over 1 KB, in a window that bounds each encoder's memory
  // (BROTLI_PARAMS); the web UI's files go out as the build compressed them (src/web/web-app.ts).
  app.use(compression({ brotli: { params: BROTLI_PARAMS } }));
  const directives = {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
  };
  app.use(helmet({ contentSecurityPolicy: { directives } }));
  // bull-board's page loads its fonts from Google Fonts; allowed there only, never for the app.
  app.use(
    QUEUE_DASHBOARD_PATH,
    helmet.contentSecurityPolicy({
      directives: {
        ...directives,
        styleSrc: [...directives.styleSrc, 'https://fonts.googleapis.com'],
        fontSrc: ["'self'", 'https://fonts.gstatic.com'],
      },
    }),
  );
  app.use(cookieParser());
  // CSV imports of a whole library arrive as one JSON body. Nesting is bounded before anything
  // walks the parsed value (class-transformer and the validation pipe recurse).
  // (Nest's useBodyParser reserves `verify`; Nest adds no JSON parser of its own after this one.)
  app.use(
    json({
      limit: '10mb',
      verify: (_req, _res, body) => {
        if (jsonDepth(body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw tooDeep();
      },
    }),
    depthRefusal,
  );
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  if (config.role !== 'worker') {
    const auth = app.get(AuthService);
    mountQueueDashboard(app, (req) => admitSession(auth, req, 'admin'));
  }
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
  });
}
