import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { UsersRepository } from '../users/users.repository.js';
import { ApiTokensRepository } from './api-tokens.repository.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { SessionHousekeeping } from './session-housekeeping.js';
import { SessionsRepository } from './sessions.repository.js';
import { SignInThrottle } from './sign-in-throttle.js';
import { SignInThrottlesRepository } from './sign-in-throttles.repository.js';

@Global()
@Module({
  providers: [
    UsersRepository,
    SessionsRepository,
    ApiTokensRepository,
    SignInThrottlesRepository,
    SignInThrottle,
    AuthService,
    SessionHousekeeping,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [UsersRepository, SessionsRepository, ApiTokensRepository, AuthService],
})
export class AuthModule {}
