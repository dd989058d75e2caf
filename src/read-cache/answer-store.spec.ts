import express, { type Request } from 'express';
import fc from 'fast-check';
import { AnswerStore } from './answer-store.js';
import { takenBefore } from './data-snapshot.js';
import { PreparedAnswer } from './prepared-answer.js';

/** A snapshot as PostgreSQL writes it: `xmin:xmax:in-progress xids`; `xmax` orders them in time. */
interface Snapshot {
  xmax: number;
  inProgress: number;
}
const snapshotArb: fc.Arbitrary<Snapshot> = fc.record({
  xmax: fc.integer({ min: 100, max: 102 }),
  inProgress: fc.nat({ max: 1 }),
});
/** Few keys and snapshots, so a sequence often reads a key again at a snapshot it was stored at. */
const KEYS = 3;
/** The largest answer the ops store: 400 characters as a JSON string. */
const LARGEST = 402;
const textOf = ({ xmax, inProgress }: Snapshot) =>
  `${xmax - 3}:${xmax}:${inProgress === 0 ? '' : String(xmax - inProgress)}`;

/** Each op happens `later` ms after the last; a put's answer may hold for `holdsFor` ms. */
type Op = { later: number } & (
  | { kind: 'put'; key: number; snapshot: Snapshot; length: number; holdsFor?: number }
  | { kind: 'get'; key: number; snapshot: Snapshot }
);

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record(
    {
      later: fc.nat({ max: 3 }),
      kind: fc.constant('put' as const),
      key: fc.nat({ max: KEYS - 1 }),
      snapshot: snapshotArb,
      length: fc.nat({ max: 400 }),
      holdsFor: fc.nat({ max: 8 }),
    },
    { requiredKeys: ['later', 'kind', 'key', 'snapshot', 'length'] },
  ),
  fc.record({
    later: fc.nat({ max: 3 }),
    kind: fc.constant('get' as const),
    key: fc.nat({ max: KEYS - 1 }),
    snapshot: snapshotArb,
  }),
);

describe('AnswerStore', () => {
  it('returns an answer only for the snapshot it was stored at and while it holds, and keeps the newest one', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 80 }),
        // Tight budgets, and one that holds every key's largest answer at once.
        fc.oneof(fc.integer({ min: 0, max: 1500 }), fc.constant(KEYS * LARGEST)),
        (ops, budget) => {
          const store = new AnswerStore(budget);
          /**
           * The answer the store must hold per key while nothing is evicted: the newest
           * snapshot's. (Over budget it may have evicted that one and kept an older one put since,
           * which is as valid at its own snapshot.)
           */
          const latest = new Map<number, { snapshot: Snapshot; answer: PreparedAnswer }>();
          /** The last answer put for each key at each snapshot. */
          const putAt = new Map<string, PreparedAnswer>();
          const older = (a: Snapshot, b: Snapshot) => a.xmax < b.xmax;
          let now = 1_000;
          for (const o of ops) {
            now += o.later;
            const stored = latest.get(o.key);
            if (o.kind === 'put') {
              const until = o.holdsFor === undefined ? undefined : now + o.holdsFor;
              const answer = PreparedAnswer.of('x'.repeat(o.length), until);
              store.put(String(o.key), textOf(o.snapshot), answer);
              putAt.set(`${o.key}@${textOf(o.snapshot)}`, answer);
              // A late answer from an older snapshot does not replace a newer one.
              if (!stored || !older(o.snapshot, stored.snapshot))
                latest.set(o.key, { snapshot: o.snapshot, answer });
            } else {
              const got = store.get(String(o.key), textOf(o.snapshot), now);
              const same = stored && textOf(stored.snapshot) === textOf(o.snapshot);
              const holds =
                stored?.answer.validUntil === undefined || now < stored.answer.validUntil;
              // Never an answer from another snapshot, nor one put there before the last, nor
              // one past its time.
              if (got) expect(got).toBe(putAt.get(`${o.key}@${textOf(o.snapshot)}`));
              if (got?.validUntil !== undefined) expect(now).toBeLessThan(got.validUntil);
              // With room for every key, the newest answer is found at its own snapshot while it
              // holds.
              if (same && budget >= KEYS * LARGEST)
                expect(got).toBe(holds ? stored.answer : undefined);
              // A get at a later (or unordered) snapshot drops it: its snapshot will not come back;
              // and so does one past its time: the clock does not go back.
              if (stored && (same ? !holds : !older(o.snapshot, stored.snapshot)))
                latest.delete(o.key);
            }
            expect(store.heldBytes).toBeLessThanOrEqual(budget);
            expect(store.heldBytes).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the most recently used answers when over budget', () => {
    const answer = () => PreparedAnswer.of('y'.repeat(98)); // 100 bytes of JSON
    const store = new AnswerStore(300);
    for (const key of ['a', 'b', 'c']) store.put(key, 's', answer());
    expect(store.get('a', 's', 0)).toBeDefined(); // a is now the most recent
    store.put('d', 's', answer());
    expect(store.get('b', 's', 0)).toBeUndefined();
    for (const key of ['a', 'c', 'd']) expect(store.get(key, 's', 0)).toBeDefined();
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
    expect(store.get('k', 's', 0)).toBeUndefined();
  });
});

describe('takenBefore', () => {
  it('orders snapshots by xmax, beyond the integers a double holds', () => {
    const big = 2n ** 53n;
    const at = (xmax: bigint, xip = '') => `${xmax - 2n}:${xmax}:${xip}`;
    expect(takenBefore(at(big + 1n), at(big + 2n))).toBe(true);
    expect(takenBefore(at(big + 2n), at(big + 1n))).toBe(false);
    // Equal xmax proves nothing: neither is known to be the older.
    expect(takenBefore(at(big, String(big - 1n)), at(big))).toBe(false);
    expect(takenBefore(at(big), at(big, String(big - 1n)))).toBe(false);
  });
});
