import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
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

@Injectable()
export class CachedReadInterceptor implements NestInterceptor {
  /** Answers being computed, by snapshot and key. */
  private readonly computing = new Map<string, Promise<PreparedAnswer>>();

  constructor(
    private readonly snapshots: DataSnapshot,
    @Inject(ANSWER_STORE) private readonly store: AnswerStore,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    if (!this.store.enabled || !req.principal) return next.handle();
    const key = keyOf(req.principal, req.originalUrl);
    // Taken before the handler reads anything: what it reads is at least this fresh, and an
    // answer stored under it is served only while no write has committed since.
    const snapshot = await this.snapshots.current();
    const stored = this.store.get(key, snapshot);
    if (stored) {
      this.store.reads.hit++;
      return of(this.reply(key, stored, req));
    }
    return from(this.compute(key, snapshot, next).then((answer) => this.reply(key, answer, req)));
  }

  /**
   * The handler's answer, computed once for all the same reads at the same snapshot: after a
   * write, the clients polling a list arrive together, and each would otherwise run its queries.
   * An error (a bad cursor) reaches each of them alike.
   */
  private compute(key: string, snapshot: string, next: CallHandler): Promise<PreparedAnswer> {
    const flight = `${snapshot}\n${key}`;
    const underway = this.computing.get(flight);
    if (underway) {
      this.store.reads.joined++;
      return underway;
    }
    this.store.reads.computed++;
    const answer = lastValueFrom(next.handle()).then((body) => {
      const prepared = PreparedAnswer.of(body);
      this.store.put(key, snapshot, prepared);
      return prepared;
    });
    this.computing.set(flight, answer);
    const landed = () => this.computing.delete(flight);
    answer.then(landed, landed);
    return answer;
  }

  private reply(key: string, answer: PreparedAnswer, req: AuthedRequest) {
    const reply = answer.replyTo(req);
    this.store.recount(key);
    return reply;
  }
}

/**
 * A signed-in GET whose answer depends only on the caller, the URL and the database: repeated
 * reads with no write in between are served from memory (see DataSnapshot), revalidated with
 * ETags and sent compressed as prepared.
 */
export const CachedRead = () => UseInterceptors(CachedReadInterceptor);
