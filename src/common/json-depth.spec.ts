import fc from 'fast-check';
import { jsonDepth } from './json-depth.js';

const depthOf = (value: unknown): number =>
  value !== null && typeof value === 'object'
    ? 1 + Math.max(0, ...Object.values(value).map(depthOf))
    : 0;

describe('jsonDepth', () => {
  it('counts the nesting of any JSON value, brackets inside strings included', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = Buffer.from(JSON.stringify(value));
        expect(jsonDepth(text)).toBe(depthOf(value));
      }),
      { numRuns: 500 },
    );
  });

  it('is not fooled by brackets and escaped quotes in strings', () => {
    expect(jsonDepth(Buffer.from('{"a":"[[[{\\"{{"}'))).toBe(1);
  });

  it('stops reading once past the limit', () => {
    expect(jsonDepth(Buffer.from('['.repeat(100_000)), 32)).toBe(33);
  });
});
