import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AnalyticsModule } from './analytics/analytics.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuditLogModule } from './audit-log/audit-log.module.js';
import { AuthController } from './access/auth.controller.js';
import { AuthModule } from './auth/auth.module.js';
import { CampaignsModule } from './campaigns/campaigns.module.js';
import { ChannelsModule } from './channels/channels.module.js';
import { ProblemDetailsFilter } from './common/problem-details.filter.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './db/database.module.js';
import { DemoSeed } from './demo/demo-seed.js';
import { HealthModule } from './health/health.module.js';
import { LibraryModule } from './library/library.module.js';
import { loggerOptions } from './logging.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { PausesModule } from './pauses/pauses.module.js';
import { PostsModule } from './posts/posts.module.js';
import { PublishingModule } from './publishing/publishing.module.js';
import { QueueModule } from './queue/queue.module.js';
import { RulesController } from './settings/rules.controller.js';
import { UsersModule } from './users/users.module.js';
import { PlatformConnectModule } from './connect/platform-connect.module.js';
import { WebModule } from './web/web.module.js';
import { ReadCacheModule } from './read-cache/read-cache.module.js';

/**
 * Composes the process for its role: the API surface only in api/all, workers only in
 * worker/all. Each feature module imports what it uses; only configuration, the database and
 * logging are global.
 */
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
        QueueModule.connection(config),
        QueueModule,
        AuditModule,
        AuthModule,
        ReadCacheModule,
        HealthModule,
        LibraryModule.forRole(servesApi),
        CampaignsModule.forRole(servesApi),
        ChannelsModule.forRole(servesApi),
        PausesModule.forRole(servesApi),
        PostsModule.forRole(servesApi),
        PlatformConnectModule.forRole(servesApi),
        PublishingModule.forRole({ servesApi, runsWorkers: config.role !== 'api' }),
        NotificationsModule.forRole(servesApi),
        AnalyticsModule.forRole({ servesApi, runsWorkers: config.role !== 'api' }),
        ScheduleModule.forRoot(),
        ...(servesApi ? [UsersModule, AuditLogModule, WebModule] : []),
      ],
      controllers: servesApi ? [AuthController, RulesController] : [],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }, DemoSeed],
    };
  }
}
