import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { ApiTokensRepository } from './api-tokens.repository.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { PrincipalCache } from './principal-cache.js';
import { SessionHousekeeping } from './session-housekeeping.js';
import { SessionsRepository } from './sessions.repository.js';
import { SignInThrottle } from './sign-in-throttle.js';
import { SignInThrottlesRepository } from './sign-in-throttles.repository.js';
import { UsersRepository } from './users.repository.js';

/**
 * Sign-in and the credential store: accounts, sessions, API tokens, and the guard every request
 * passes. User administration (src/users) builds on it.
 */
@Module({
  imports: [AuditModule, QueueModule],
  providers: [
    UsersRepository,
    SessionsRepository,
    ApiTokensRepository,
    SignInThrottlesRepository,
    SignInThrottle,
    PrincipalCache,
    AuthService,
    SessionHousekeeping,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [UsersRepository, SessionsRepository, ApiTokensRepository, AuthService, PrincipalCache],
})
export class AuthModule {}
