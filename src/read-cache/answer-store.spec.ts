import express, { type Request } from 'express';
import fc from 'fast-check';
import { AnswerStore } from './answer-store.js';
import { PreparedAnswer } from './prepared-answer.js';

type Op =
  | { kind: 'put'; key: number; snapshot: number; length: number }
  | { kind: 'get'; key: number; snapshot: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('put' as const),
    key: fc.nat({ max: 5 }),
    snapshot: fc.nat({ max: 3 }),
    length: fc.nat({ max: 400 }),
  }),
  fc.record({
    kind: fc.constant('get' as const),
    key: fc.nat({ max: 5 }),
    snapshot: fc.nat({ max: 3 }),
  }),
);

describe('AnswerStore', () => {
  it('returns an answer only for the snapshot it was stored at, within its budget', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 60 }),
        fc.integer({ min: 0, max: 1500 }),
        (ops, budget) => {
          const store = new AnswerStore(budget);
          /** What was last stored per key, and at which snapshot. */
          const latest = new Map<number, { snapshot: number; answer: PreparedAnswer }>();
          for (const o of ops) {
            if (o.kind === 'put') {
              const answer = PreparedAnswer.of('x'.repeat(o.length));
              store.put(String(o.key), String(o.snapshot), answer);
              latest.set(o.key, { snapshot: o.snapshot, answer });
            } else {
              const got = store.get(String(o.key), String(o.snapshot));
              const stored = latest.get(o.key);
              // Never an answer from another snapshot, nor one replaced since.
              if (got)
                expect(stored && got === stored.answer && stored.snapshot === o.snapshot).toBe(
                  true,
                );
              // A get at another snapshot drops the answer: that snapshot will not come back.
              if (stored && stored.snapshot !== o.snapshot) latest.delete(o.key);
            }
            expect(store.heldBytes).toBeLessThanOrEqual(budget);
            expect(store.heldBytes).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });

  it('keeps the most recently used answers when over budget', () => {
    const answer = () => PreparedAnswer.of('y'.repeat(98)); // 100 bytes of JSON
    const store = new AnswerStore(300);
    for (const key of ['a', 'b', 'c']) store.put(key, 's', answer());
    expect(store.get('a', 's')).toBeDefined(); // a is now the most recent
    store.put('d', 's', answer());
    expect(store.get('b', 's')).toBeUndefined();
    for (const key of ['a', 'c', 'd']) expect(store.get(key, 's')).toBeDefined();
    expect(store.heldBytes).toBe(300);
  });

  it('counts compressed forms as they are made, and makes room for them', () => {
    const store = new AnswerStore(4000);
    const big = PreparedAnswer.of({ words: 'bread and lies '.repeat(150) });
    store.put('big', 's', big);
    const before = store.heldBytes;
    const req = Object.create(express.request) as Request;
    Object.defineProperty(req, 'headers', { value: { 'accept-encoding': 'br' } });
    big.replyTo(req);
    store.recount('big');
    expect(store.heldBytes).toBe(big.size);
    expect(store.heldBytes).toBeGreaterThan(before);
  });

  it('holds nothing with a budget of 0', () => {
    const store = new AnswerStore(0);
    expect(store.enabled).toBe(false);
    store.put('k', 's', PreparedAnswer.of([]));
    expect(store.get('k', 's')).toBeUndefined();
  });
});
