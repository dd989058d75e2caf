import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DATABASE, type Database } from '../db/database.js';
import { duplicateKeys } from './duplicate-text.js';
import { PostsRepository } from './posts.repository.js';

const BATCH = 500;

/**
 * Gives revisions written before duplicate keys existed (or by hand-written SQL) their keys, a
 * batch per transaction, before the API serves: until then submit compares such revisions in
 * full, which is correct but reads every one of them. Processes starting together share the work.
 */
@Injectable()
export class DuplicateKeysBackfill implements OnApplicationBootstrap {
  private readonly logger = new Logger(DuplicateKeysBackfill.name);

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly posts: PostsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const filled = await this.run();
      if (filled > 0) this.logger.log({ filled }, 'duplicate keys computed for earlier revisions');
    } catch (error) {
      // Keys only make submit faster; a revision this cannot read is compared in full instead,
      // so the API serves rather than fail to start over it.
      this.logger.warn(
        { error: (error as Error).message },
        'duplicate keys not computed; revisions without them are compared in full',
      );
    }
  }

  /** Fills every revision without keys; returns how many this process filled. */
  async run(): Promise<number> {
    let filled = 0;
    for (;;) {
      const batch = await this.db.transaction(async (tx) => {
        const rows = await this.posts.lockRevisionsWithoutDuplicateKeys(tx, BATCH);
        await this.posts.setDuplicateKeys(
          tx,
          rows.map(({ postId, revision, segments }) => ({
            postId,
            revision,
            keys: duplicateKeys(segments),
          })),
        );
        return rows.length;
      });
      filled += batch;
      if (batch < BATCH) return filled;
    }
  }
}
