import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ApiTokensRepository } from '../auth/api-tokens.repository.js';
import { PrincipalCache } from '../auth/principal-cache.js';
import { SessionsRepository } from '../auth/sessions.repository.js';
import type { AppConfig } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../db/database.module.js';
import { UsersRepository } from '../auth/users.repository.js';
import { UsersService } from '../users/users.service.js';

/** Just what user administration needs: no HTTP, no queues, no workers. */
@Module({})
export class UserAdminModule {
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: UserAdminModule,
      imports: [ConfigModule.forConfig(config), DatabaseModule, AuditModule],
      // PrincipalCache: a change made here reaches the running processes' caches.
      providers: [
        UsersRepository,
        SessionsRepository,
        ApiTokensRepository,
        PrincipalCache,
        UsersService,
      ],
    };
  }
}
