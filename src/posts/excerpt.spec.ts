import fc from 'fast-check';
import { excerpt } from './excerpt.js';

/** The definition excerpt() had before it stopped reading at the cut: fold, split, cut, trim. */
function reference(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  const head = chars.slice(0, max);
  const boundary = chars[max] === ' ' ? max : head.lastIndexOf(' ');
  const cut = boundary >= max / 2 ? head.slice(0, boundary) : head;
  return `${cut.join('').replace(/[\s,;:.–—-]+$/u, '')}…`;
}

/** Every character JavaScript's \s matches, and neighbours that it does not. */
const SPACES = [...'\t\n\v\f\r \u00a0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'];
const NOT_SPACES = ['\u0085', '\u180e', '\u200b', '\u1fff', '\u200c'];
const PUNCTUATION = [...',;:.–—-'];
const ASTRAL = ['👉', '\u{1F468}\u200D\u{1F469}', '𝒳'];
const LONE_SURROGATES = ['\ud83d', '\udc49'];

describe('excerpt', () => {
  it('keeps a short text whole, with its whitespace folded', () => {
    expect(excerpt('  Short\n\ntext  ')).toBe('Short text');
    expect(excerpt('x'.repeat(120))).toBe('x'.repeat(120));
  });

  it('cuts a long text at the last word boundary within the limit and adds an ellipsis', () => {
    const text = `${'word '.repeat(30)}end`; // 153 characters
    const cut = excerpt(text);
    expect(cut).toBe(`${'word '.repeat(24).trim()}…`);
    expect(Array.from(cut).length).toBeLessThanOrEqual(121);
  });

  it('cuts exactly at the limit when the next character is a space', () => {
    const text = `${'a'.repeat(60)} ${'b'.repeat(59)} tail`;
    expect(excerpt(text)).toBe(`${'a'.repeat(60)} ${'b'.repeat(59)}…`);
  });

  it('drops punctuation left dangling at the cut', () => {
    const text = `${'a'.repeat(70)}, ${'b'.repeat(60)}`;
    expect(excerpt(text)).toBe(`${'a'.repeat(70)}…`);
  });

  it('cuts mid-word when one word runs past half the limit', () => {
    expect(excerpt(`a ${'x'.repeat(200)}`)).toBe(`a ${'x'.repeat(118)}…`);
  });

  it('never splits an emoji or an Arabic letter pair', () => {
    const text = '👉'.repeat(130);
    expect(excerpt(text)).toBe(`${'👉'.repeat(120)}…`);
    const arabic = `${'كنت أحرس طريقاً فارغاً '.repeat(8)}`;
    expect(excerpt(arabic).endsWith('…')).toBe(true);
    expect(arabic.startsWith(excerpt(arabic).slice(0, -1))).toBe(true);
  });

  it('answers exactly what the fold-and-split definition answers, for any text and limit', () => {
    const char = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...'abcdefghij') },
      { weight: 3, arbitrary: fc.constantFrom(...SPACES) },
      { weight: 1, arbitrary: fc.constantFrom(...NOT_SPACES) },
      { weight: 2, arbitrary: fc.constantFrom(...PUNCTUATION) },
      { weight: 1, arbitrary: fc.constantFrom(...ASTRAL, ...LONE_SURROGATES) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 1 }) },
    );
    const text = fc.array(char, { maxLength: 400 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 160 }), (t, max) => {
        expect(excerpt(t, max)).toBe(reference(t, max));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (t) => {
        expect(excerpt(t)).toBe(reference(t, 120));
      }),
      { numRuns: 1000 },
    );
  });
});
