import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DATABASE, PG_POOL } from './database.js';
import * as schema from './schema/index.js';

const poolLogger = new Logger('Database');

@Global()
@Module({
  providers: [
    {
      provide: PG_POOL,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const pool = new pg.Pool({
          // Never the owner: the application's role cannot change the schema or skip triggers.
          connectionString: config.database.appUrl,
          max: config.database.poolMax,
          connectionTimeoutMillis: 5_000,
          // Idle connections stay open (pg closes them after 10 s by default). Publishing is
          // quiet between due posts, and a new connection costs a server process, a login and
          // a cold catalogue cache: a claim that had to open one took 120 ms instead of 8
          // (bench/publish.ts, spread case). The pool never holds more than `max` anyway.
          idleTimeoutMillis: 0,
        });
        // An idle connection dropped by the server (restart, failover, idle timeout) is replaced
        // on next use; unhandled, the error would end the process.
        pool.on('error', (error) =>
          poolLogger.warn(`PostgreSQL connection lost: ${error.message}`),
        );
        return pool;
      },
    },
    {
      provide: DATABASE,
      inject: [PG_POOL],
      useFactory: (pool: pg.Pool) => drizzle(pool, { schema }),
    },
  ],
  exports: [PG_POOL, DATABASE],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
