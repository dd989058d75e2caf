import { Injectable, Module } from '@nestjs/common';
import type { Actor } from '../audit/actor.js';
import type { Executor } from '../db/database.js';

/** Events one module raises and others react to, with their payloads. */
export interface DomainEventMap {
  /** A quote became unusable for good: retracted, or its defector withdrew consent. */
  'quote.retracted': {
    quoteIds: string[];
    reason: string;
    actor: Actor;
    cause: 'quote_retracted' | 'consent_withdrawn';
  };
}

export type DomainEventName = keyof DomainEventMap;
type Handler<N extends DomainEventName> = (
  payload: DomainEventMap[N],
  tx: Executor,
) => Promise<void>;

/**
 * In-process events. Handlers run inside the raising transaction, so a retraction and every
 * consequence of it (posts withdrawn, audit rows) commit or roll back together.
 */
@Injectable()
export class DomainEvents {
  private readonly handlers = new Map<DomainEventName, Handler<DomainEventName>[]>();

  on<N extends DomainEventName>(name: N, handler: Handler<N>): void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler as Handler<DomainEventName>);
    this.handlers.set(name, list);
  }

  async publish<N extends DomainEventName>(
    name: N,
    payload: DomainEventMap[N],
    tx: Executor,
  ): Promise<void> {
    for (const handler of this.handlers.get(name) ?? []) await handler(payload, tx);
  }
}

/** Imported by each module that raises or handles events; one bus per process. */
@Module({ providers: [DomainEvents], exports: [DomainEvents] })
export class DomainEventsModule {}
