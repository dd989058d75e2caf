import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AuditController } from './audit-log.controller.js';

/** The admins' view of the audit trail, over HTTP: above auth, which the trail sits below. */
@Module({ imports: [AuditModule], controllers: [AuditController] })
export class AuditLogModule {}
