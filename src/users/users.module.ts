import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { OwnPasswordController } from './own-password.controller.js';
import { OwnPreferencesController } from './own-preferences.controller.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [AuditModule, AuthModule],
  providers: [UsersService],
  controllers: [UsersController, OwnPasswordController, OwnPreferencesController],
  exports: [UsersService],
})
export class UsersModule {}
