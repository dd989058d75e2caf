import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { UsersRepository } from '../users/users.repository.js';
import { ApiTokensRepository } from './api-tokens.repository.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { SessionHousekeeping } from './session-housekeeping.js';
import { SessionsRepository } from './sessions.repository.js';

@Global()
@Module({
  providers: [
    UsersRepository,
    SessionsRepository,
    ApiTokensRepository,
    AuthService,
    SessionHousekeeping,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [UsersRepository, SessionsRepository, AuthService],
})
export class AuthModule {}
