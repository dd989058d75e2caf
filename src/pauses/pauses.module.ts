import { type DynamicModule, Module } from '@nestjs/common';
import { oncePerRole } from '../common/once-per-role.js';
import { AuditModule } from '../audit/audit.module.js';
import { PausesController } from './pauses.controller.js';
import { PausesRepository } from './pauses.repository.js';
import { PausesService } from './pauses.service.js';

/** Pauses and blackout windows; HTTP only where the API is served. */
@Module({})
export class PausesModule {
  static readonly forRole = oncePerRole((servesApi): DynamicModule => ({
    module: PausesModule,
    imports: [AuditModule],
    providers: [PausesRepository, PausesService],
    controllers: servesApi ? [PausesController] : [],
    exports: [PausesRepository],
  }));
}
