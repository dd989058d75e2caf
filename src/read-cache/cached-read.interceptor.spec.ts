import { jest } from '@jest/globals';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import express, { type Request } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { AuthedRequest, Principal } from '../auth/principal.js';
import { AnswerStore } from './answer-store.js';
import { CachedRead, CachedReadInterceptor } from './cached-read.interceptor.js';
import type { DataSnapshot } from './data-snapshot.js';
import type { AnswerReply } from './prepared-answer.js';

/** An answer that lists future instants: it holds until its first one passes. */
interface Listing {
  first: number;
}

class Listings {
  @CachedRead<Listing>({ validUntil: (answer) => new Date(answer.first + 1) })
  list(): void {}
}

const principal = { userId: 'u1', roles: ['editor'] } as unknown as Principal;

function request(): AuthedRequest {
  const req = Object.create(express.request) as Request;
  Object.defineProperty(req, 'headers', { value: {} });
  return Object.assign(req, { principal, originalUrl: '/api/slots?from=x' });
}

const contextOf = (req: AuthedRequest) =>
  ({
    switchToHttp: () => ({ getRequest: () => req }),
    getHandler: () => Object.getOwnPropertyDescriptor(Listings.prototype, 'list')!.value,
  }) as unknown as ExecutionContext;

/** The JSON a reply would send. */
const bodyOf = (reply: AnswerReply) =>
  JSON.parse(String((reply as unknown as { bytes: Buffer }).bytes)) as Listing;

describe('CachedReadInterceptor, for an answer that reads the clock', () => {
  let now: number;
  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  /** Two reads at one snapshot, the second arriving `laterBy` ms after the first, while it computes. */
  async function twoReads(laterBy: number, first: number) {
    const store = new AnswerStore(1_000_000);
    const interceptor = new CachedReadInterceptor(
      { current: async () => 's1' } as unknown as DataSnapshot,
      store,
      new Reflector(),
    );
    const answers: ((answer: Listing) => void)[] = [];
    const handler: CallHandler = {
      handle: () =>
        from(new Promise<Listing>((resolve) => answers.push(resolve))) as Observable<unknown>,
    };
    const read = async () =>
      bodyOf(
        (await lastValueFrom(
          await interceptor.intercept(contextOf(request()), handler),
        )) as AnswerReply,
      );
    const a = read();
    await new Promise((resolve) => setImmediate(resolve));
    now += laterBy;
    const b = read();
    await new Promise((resolve) => setImmediate(resolve));
    answers[0]!({ first });
    // Only a read that computes its own asks the handler again.
    await new Promise((resolve) => setImmediate(resolve));
    answers[1]?.({ first: first + 3_600_000 });
    return { a: await a, b: await b, computations: answers.length, reads: store.reads };
  }

  it('shares the computation under way with a read that arrived before its first instant', async () => {
    const { a, b, computations, reads } = await twoReads(5, 1_000_010);
    expect([a.first, b.first]).toEqual([1_000_010, 1_000_010]);
    expect(computations).toBe(1);
    expect(reads).toEqual({ hit: 0, computed: 1, joined: 1 });
  });

  it('computes afresh for a read that arrived after the shared answer’s first instant had passed', async () => {
    const { a, b, computations, reads } = await twoReads(20, 1_000_010);
    expect(a.first).toBe(1_000_010);
    expect(b.first).toBe(1_000_010 + 3_600_000);
    expect(computations).toBe(2);
    expect(reads).toEqual({ hit: 0, computed: 2, joined: 0 });
  });
});
