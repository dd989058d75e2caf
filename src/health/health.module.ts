import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PublishingStoreModule } from '../publishing/publishing-store.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { HealthController } from './health.controller.js';

/** Liveness and readiness in every role; readiness reads overdue posts through the engine's SQL. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), QueueModule, PublishingStoreModule],
  controllers: [HealthController],
})
export class HealthModule {}
