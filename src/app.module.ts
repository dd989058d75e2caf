import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AuditController } from './audit/audit.controller.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthModule } from './auth/auth.module.js';
import { DomainEventsModule } from './common/domain-events.js';
import { ProblemDetailsFilter } from './common/problem-details.filter.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './db/database.module.js';
import { DemoSeed } from './demo/demo-seed.js';
import { HealthModule } from './health/health.module.js';
import { LibraryModule } from './library/library.module.js';
import { loggerOptions } from './logging.js';
import { PublishingModule } from './publishing/publishing.module.js';
import { QueueModule } from './queue/queue.module.js';
import { ScheduleModule } from '@nestjs/schedule';
import { RulesController } from './settings/rules.controller.js';
import { UsersModule } from './users/users.module.js';
import { XPlatformModule } from './platforms/x/x-platform.module.js';
import { WorkflowModule } from './posts/workflow.module.js';
import { WebModule } from './web/web.module.js';

/** Composes the process for its role: the API surface only in api/all, workers only in worker/all. */
@Module({})
export class AppModule {
  static forConfig(config: AppConfig): DynamicModule {
    const servesApi = config.role !== 'worker';
    return {
      module: AppModule,
      imports: [
        ConfigModule.forConfig(config),
        LoggerModule.forRoot(loggerOptions(config)),
        ThrottlerModule.forRoot([
          { name: 'login', ttl: 60_000, limit: config.auth.loginRatePerMinute },
        ]),
        DatabaseModule,
        QueueModule.forConfig(config),
        AuditModule,
        DomainEventsModule,
        AuthModule,
        HealthModule,
        LibraryModule.forRole(servesApi),
        WorkflowModule.forRole(servesApi),
        XPlatformModule.forRole(servesApi),
        PublishingModule.forRole({ servesApi, runsWorkers: config.role !== 'api' }),
        ScheduleModule.forRoot(),
        ...(servesApi ? [UsersModule, WebModule] : []),
      ],
      controllers: servesApi ? [AuthController, AuditController, RulesController] : [],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }, DemoSeed],
    };
  }
}
