import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { AuthService } from './auth/auth.service.js';
import { admitSession } from './auth/cookie-admission.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/app-config.js';
import { mountQueueDashboard } from './queue/queue-dashboard.js';

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

/** HTTP concerns shared by main.ts and the tests, so tests exercise the real pipeline. */
export function configureHttp(app: INestApplication, config: AppConfig): void {
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
        },
      },
    }),
  );
  app.use(cookieParser());
  // CSV imports of a whole library arrive as one JSON body.
  (app as NestExpressApplication).useBodyParser('json', { limit: '10mb' });
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
