import { Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository.js';

/** The append-only audit trail; every module that changes data imports it. */
@Module({ providers: [AuditRepository], exports: [AuditRepository] })
export class AuditModule {}
