import { Module } from '@nestjs/common';
import { PublishingRepository } from './publishing.repository.js';

/** The publishing engine's SQL, for the engine and for readers such as the health check. */
@Module({ providers: [PublishingRepository], exports: [PublishingRepository] })
export class PublishingStoreModule {}
