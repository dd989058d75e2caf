import { Module } from '@nestjs/common';
import { OwnPasswordController } from './own-password.controller.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  providers: [UsersService],
  controllers: [UsersController, OwnPasswordController],
  exports: [UsersService],
})
export class UsersModule {}
