import fc from 'fast-check';
import { LruMap } from './lru-map.js';

describe('LruMap', () => {
  it('holds what a list ordered by use would hold, never more than its capacity', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('get' as const), key: fc.nat({ max: 4 }) }),
      fc.record({ kind: fc.constant('set' as const), key: fc.nat({ max: 4 }), value: fc.nat() }),
      fc.record({ kind: fc.constant('delete' as const), key: fc.nat({ max: 4 }) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        // Long runs over few keys: an order mistake shows only when a later eviction is read back.
        fc.array(op, { minLength: 20, maxLength: 80 }),
        (capacity, ops) => {
          const lru = new LruMap<number, number>(capacity);
          // The model: entries least recently used first.
          let model: [number, number][] = [];
          for (const o of ops) {
            const held = model.find(([k]) => k === o.key);
            if (o.kind === 'get') {
              expect(lru.get(o.key)).toBe(held?.[1]);
              if (held) model = [...model.filter(([k]) => k !== o.key), held];
            } else if (o.kind === 'set') {
              lru.set(o.key, o.value);
              model = [...model.filter(([k]) => k !== o.key), [o.key, o.value]];
              if (model.length > capacity) model = model.slice(1);
            } else {
              lru.delete(o.key);
              model = model.filter(([k]) => k !== o.key);
            }
          }
          for (let key = 0; key <= 4; key++)
            expect(lru.get(key)).toBe(model.find(([k]) => k === key)?.[1]);
        },
      ),
    );
  });
});
