import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PublishingRepository } from '../publishing/publishing.repository.js';
import { QueueModule } from '../queue/queue.module.js';
import { HealthController } from './health.controller.js';

/**
 * Liveness and readiness in every role. Readiness reads overdue posts through its own instance of
 * the (stateless) publishing repository rather than importing the whole publishing engine.
 */
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), QueueModule],
  providers: [PublishingRepository],
  controllers: [HealthController],
})
export class HealthModule {}
