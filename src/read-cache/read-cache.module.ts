import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ANSWER_STORE, AnswerStore } from './answer-store.js';
import { CachedReadInterceptor } from './cached-read.interceptor.js';
import { DataSnapshot } from './data-snapshot.js';

/** Global, as every controller with a @CachedRead() endpoint resolves the interceptor. */
@Global()
@Module({
  providers: [
    DataSnapshot,
    {
      provide: ANSWER_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new AnswerStore(config.http.readCacheBytes),
    },
    CachedReadInterceptor,
  ],
  exports: [DataSnapshot, ANSWER_STORE, CachedReadInterceptor],
})
export class ReadCacheModule {}
