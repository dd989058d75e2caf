import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PublishingStoreModule } from '../publishing/publishing-store.module.js';
import { HealthController } from './health.controller.js';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), PublishingStoreModule],
  controllers: [HealthController],
})
export class HealthModule {}
