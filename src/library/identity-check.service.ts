import { Injectable } from '@nestjs/common';
import type { Executor } from '../db/database.js';
import { DefectorsRepository } from './defectors.repository.js';
import { findIdentifyingDetails, type IdentifyingMatch } from './identity-check.js';

/** Checks text against the private identifying details of the defectors it quotes. */
@Injectable()
export class IdentityCheckService {
  constructor(private readonly defectors: DefectorsRepository) {}

  async check(text: string, defectorIds: string[], tx?: Executor): Promise<IdentifyingMatch[]> {
    const details = await this.defectors.identifyingDetails([...new Set(defectorIds)], tx);
    return findIdentifyingDetails(text, details);
  }
}
