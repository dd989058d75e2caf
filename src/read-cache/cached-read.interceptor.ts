import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, lastValueFrom, type Observable, of } from 'rxjs';
import type { AuthedRequest, Principal } from '../auth/principal.js';
import { ANSWER_STORE, type AnswerStore } from './answer-store.js';
import { DataSnapshot } from './data-snapshot.js';
import { PreparedAnswer } from './prepared-answer.js';

/**
 * Whose answer it is: the user, with the roles that decide what they may see (identifying details
 * only for safety reviewers and admins), and the whole path and query. Nothing else of the
 * request reaches a cached endpoint's answer.
 */
const keyOf = (principal: Principal, url: string) =>
  `${principal.userId}\n${[...principal.roles].sort().join(',')}\n${url}`;

/**
 * For an endpoint whose answer reads the clock: the instant from which the clock alone could
 * change this answer (computed at the instant it was computed, from the same database state), or
 * undefined when it never will.
 */
export type ValidUntil<T> = (answer: T) => Date | undefined;

const VALID_UNTIL = Symbol('cachedReadValidUntil');

@Injectable()
export class CachedReadInterceptor implements NestInterceptor {
  /** Answers being computed, by snapshot and key. */
  private readonly computing = new Map<string, Promise<PreparedAnswer>>();

  constructor(
    private readonly snapshots: DataSnapshot,
    @Inject(ANSWER_STORE) private readonly store: AnswerStore,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    if (!this.store.enabled || !req.principal) return next.handle();
    const arrived = Date.now();
    const key = keyOf(req.principal, req.originalUrl);
    // Taken before the handler reads anything: what it reads is at least this fresh, and an
    // answer stored under it is served only while no write has committed since.
    const snapshot = await this.snapshots.current();
    const stored = this.store.get(key, snapshot, arrived);
    if (stored) {
      this.store.reads.hit++;
      return of(this.reply(key, stored, req));
    }
    const validUntil = this.reflector.get<ValidUntil<unknown> | undefined>(
      VALID_UNTIL,
      context.getHandler(),
    );
    return from(
      this.compute(key, snapshot, next, arrived, validUntil).then((answer) =>
        this.reply(key, answer, req),
      ),
    );
  }

  /**
   * The handler's answer, computed once for all the same reads at the same snapshot: after a
   * write, the clients polling a list arrive together, and each would otherwise run its queries.
   * An error (a bad cursor) reaches each of them alike. A read that joined a computation whose
   * answer the clock had already changed when the read arrived computes its own.
   */
  private async compute(
    key: string,
    snapshot: string,
    next: CallHandler,
    arrived: number,
    validUntil: ValidUntil<unknown> | undefined,
  ): Promise<PreparedAnswer> {
    const flight = `${snapshot}\n${key}`;
    const underway = this.computing.get(flight);
    if (underway) {
      const joined = await underway.catch((error: unknown) => {
        this.store.reads.joined++;
        throw error;
      });
      if (joined.holdsAt(arrived)) {
        this.store.reads.joined++;
        return joined;
      }
      // It read the clock before a time this read arrived after: rare, so computed on its own.
      this.store.reads.computed++;
      return this.prepare(key, snapshot, next, validUntil);
    }
    this.store.reads.computed++;
    const answer = this.prepare(key, snapshot, next, validUntil);
    this.computing.set(flight, answer);
    const landed = () => this.computing.delete(flight);
    answer.then(landed, landed);
    return answer;
  }

  private async prepare(
    key: string,
    snapshot: string,
    next: CallHandler,
    validUntil: ValidUntil<unknown> | undefined,
  ): Promise<PreparedAnswer> {
    const body = await lastValueFrom(next.handle());
    const prepared = PreparedAnswer.of(body, validUntil?.(body)?.getTime());
    this.store.put(key, snapshot, prepared);
    return prepared;
  }

  private reply(key: string, answer: PreparedAnswer, req: AuthedRequest) {
    const reply = answer.replyTo(req);
    this.store.recount(key);
    return reply;
  }
}

/**
 * A signed-in GET whose answer depends only on the caller, the URL and the database, and on the
 * clock only as `validUntil` says: repeated reads with no write in between (and before the
 * answer's `validUntil`) are served from memory (see DataSnapshot), revalidated with ETags and
 * sent compressed as prepared.
 */
export const CachedRead = <T>(options: { validUntil?: ValidUntil<T> } = {}) =>
  applyDecorators(
    SetMetadata(VALID_UNTIL, options.validUntil),
    UseInterceptors(CachedReadInterceptor),
  );
