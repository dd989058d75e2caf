import { excerpt } from './excerpt.js';

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
});
