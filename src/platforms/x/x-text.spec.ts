import { xCanonicalText } from './x-text.js';

/** Whether X returning `returned` for a create of `sent` counts as the same post. */
const matches = (sent: string, returned: string) =>
  xCanonicalText(sent, 'sent') === xCanonicalText(returned, 'returned');

const sameSent = (a: string, b: string) => xCanonicalText(a, 'sent') === xCanonicalText(b, 'sent');

describe('xCanonicalText: what X does to a text', () => {
  it('matches `&`, `<` and `>` that come back HTML-escaped', () => {
    expect(matches('Tom & Jerry <3 > 2', 'Tom &amp; Jerry &lt;3 &gt; 2')).toBe(true);
    expect(matches('Tom & Jerry', 'Tom &amp;amp; Jerry')).toBe(false);
  });

  it('unescapes once: a sent entity comes back escaped again and only matches itself', () => {
    expect(matches('&amp;', '&amp;amp;')).toBe(true);
    expect(matches('&lt;b&gt;', '&amp;lt;b&amp;gt;')).toBe(true);
    expect(matches('&', '&amp;amp;')).toBe(false);
    expect(matches('&amp;', '&amp;')).toBe(false);
    expect(matches('<b>', '&amp;lt;b&amp;gt;')).toBe(false);
    // Quotes and other entities are not X's to escape: they must come back as sent.
    expect(matches('"hi"', '&quot;hi&quot;')).toBe(false);
  });

  it('matches every URL, with its query and fragment, to whatever t.co link came back', () => {
    expect(
      matches('read https://example.com/a/b?x=1&y=2#top now', 'read https://t.co/AbCdEfGhIj now'),
    ).toBe(true);
    // The `&` inside the URL went with the URL; nothing of the query may remain.
    expect(
      matches('read https://example.com/?x=1&y=2', 'read https://t.co/AbCdEfGhIj&amp;y=2'),
    ).toBe(false);
  });

  it('keeps trailing punctuation outside the link, as twitter-text does', () => {
    expect(matches('see https://example.com/a.', 'see https://t.co/AbCdEfGhIj.')).toBe(true);
    expect(matches('(see https://example.com/x), ok', '(see https://t.co/AbCdEfGhIj), ok')).toBe(
      true,
    );
    expect(matches('see https://example.com/a.', 'see https://t.co/AbCdEfGhIj')).toBe(false);
  });

  it('treats bare domains X auto-links as links', () => {
    expect(matches('visit example.com today', 'visit https://t.co/AbCdEfGhIj today')).toBe(true);
    expect(matches('مرحبا example.org/path', 'مرحبا https://t.co/AbCdEfGhIj')).toBe(true);
    // A returned text that still holds the domain was not rewritten by X: not this post.
    expect(matches('visit example.com today', 'visit example.com today')).toBe(false);
  });

  it('counts links: a different number of URLs is a different text', () => {
    expect(
      matches(
        'a https://news.example.com/1 b example.org c',
        'a https://t.co/AAAAAAAAAA b https://t.co/BBBBBBBBBB c',
      ),
    ).toBe(true);
    expect(
      matches('a https://news.example.com/1 b example.org c', 'a https://t.co/AAAAAAAAAA b c'),
    ).toBe(false);
    expect(
      matches(
        'a https://news.example.com/1 https://news.example.com/2',
        'a https://t.co/AAAAAAAAAA',
      ),
    ).toBe(false);
    expect(sameSent('a https://one.example.com b', 'a https://two.example.com/x?y=1 b')).toBe(true);
  });

  it('matches a sent t.co link or one that looks like it only when X would', () => {
    expect(matches('via https://t.co/OldOldOld1', 'via https://t.co/NewNewNew2')).toBe(true);
    // twitter-text does not see a URL glued to a word, so X leaves it as text.
    expect(matches('xhttps://t.co/abcdefghij', 'xhttps://t.co/abcdefghij')).toBe(true);
    expect(matches('xhttps://t.co/abcdefghij', 'xhttps://t.co/zzzzzzzzzz')).toBe(false);
  });

  it('matches CRLF and CR line breaks that come back as LF, but not missing or added ones', () => {
    expect(matches('one\r\ntwo\rthree', 'one\ntwo\nthree')).toBe(true);
    expect(matches('one\n\ntwo', 'one\ntwo')).toBe(false);
    expect(matches('one two', 'one\ntwo')).toBe(false);
  });

  it('matches the NFC form of a decomposed text', () => {
    expect(matches('Cafe\u0301', 'Café')).toBe(true);
    expect(matches('Cafe', 'Café')).toBe(false);
  });

  it('ignores whitespace X drops at either end, and no other whitespace', () => {
    expect(matches('  hello world \n', 'hello world')).toBe(true);
    expect(matches('hello  world', 'hello world')).toBe(false);
    expect(matches('hello\tworld', 'hello world')).toBe(false);
  });

  it('keeps case, Arabic, CJK and emoji exactly', () => {
    expect(matches('Hello', 'hello')).toBe(false);
    expect(matches('عبد الرحمن 日本語 👨‍👩‍👧‍👦', 'عبد الرحمن 日本語 👨‍👩‍👧‍👦')).toBe(true);
    expect(matches('عبد الرحمن', 'عبدالرحمن')).toBe(false);
    expect(matches('👍🏽', '👍')).toBe(false);
  });

  it('cannot be fooled by text that looks like its own encoding', () => {
    expect(sameSent('a example.com b', 'a ","b')).toBe(false);
    expect(sameSent('["a"]', 'a')).toBe(false);
  });
});
