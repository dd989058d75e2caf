import fc from 'fast-check';
import { xCanonicalText } from '../../src/platforms/x/x-text.js';
import { xRewrite } from '../fake-x/x-text-rewrite.js';

// Property tests of X's canonical text comparison against the fake X's rewriting (which does
// what X does to a text it is sent). No server or database is involved.

const url = fc
  .record({
    scheme: fc.constantFrom('https://', 'http://', ''),
    host: fc.constantFrom('example.com', 'news.example.org', 'bbc.co.uk', 'bit.ly', 'x.com'),
    path: fc.constantFrom('', '/', '/a', '/a/b-c', '/p_1/مقال', '/%D8%A7'),
    query: fc.constantFrom('', '?x=1', '?x=1&y=2', '?q=a%20b&lang=ar', '?a=<b>'),
    fragment: fc.constantFrom('', '#top', '#s-2'),
    trailing: fc.constantFrom('', '.', ',', '!', '?', ')', ':', '…'),
  })
  .map((u) => `${u.scheme}${u.host}${u.path}${u.query}${u.fragment}${u.trailing}`);

const fragment = fc.oneof(
  fc.stringMatching(/^[A-Za-z]{1,8}$/),
  fc.constantFrom('&', '&amp;', '&lt;', '&gt;', '<', '>', '&&', 'a&b', '<3', '&amp;amp;', '&#38;'),
  url,
  fc.constantFrom('👍🏽', '👨‍👩‍👧‍👦', '🇸🇾', '❤️'),
  fc.constantFrom('مرحبا', 'الموصل', 'عبد الرحمن', 'للموصل', '٢٠١٤'),
  fc.constantFrom('日本語', '中文', '한국어', '。'),
  fc.constantFrom('Cafe\u0301', 'Café', 'ﬁ'),
  fc.constantFrom('.', ',', '(', ')', '"', "'", '#tag', '@someone'),
);

const separator = fc.constantFrom(' ', ' ', '', '\n', '\r\n', '\r', '\t', '  ');

const text = fc
  .array(fc.tuple(fragment, separator), { minLength: 1, maxLength: 12 })
  .map((parts) => parts.map(([f, s]) => f + s).join(''));

/** Things that are neither a URL nor something X escapes away: one must not pass for another. */
const marker = fc.constantFrom(
  'a',
  'A',
  'b',
  'ب',
  'ة',
  'ه',
  '字',
  '😀',
  '&',
  '&amp;',
  '&lt;',
  '<',
  '>',
  '1',
  '١',
);

const PROPERTY_RUNS = { numRuns: 2_000 };

describe('X canonical text, property-based against the fake X rewriting', () => {
  it('a sent text and what X returns for it are canonically equal', () => {
    fc.assert(
      fc.property(text, (sent) => {
        expect(xCanonicalText(xRewrite(sent), 'returned')).toBe(xCanonicalText(sent, 'sent'));
      }),
      PROPERTY_RUNS,
    );
  });

  it('texts differing in a non-URL, non-escape character differ canonically', () => {
    fc.assert(
      fc.property(text, text, marker, marker, (before, after, one, other) => {
        fc.pre(one !== other);
        const first = `${before} ${one} ${after}`;
        const second = `${before} ${other} ${after}`;
        expect(xCanonicalText(first, 'sent')).not.toBe(xCanonicalText(second, 'sent'));
        // What resolution does: X's copy of one text must never pass for the other.
        expect(xCanonicalText(xRewrite(first), 'returned')).not.toBe(
          xCanonicalText(second, 'sent'),
        );
      }),
      PROPERTY_RUNS,
    );
  });
});
