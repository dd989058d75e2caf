import twitterText from 'twitter-text';

/**
 * Which side of a create a text comes from. The two are not symmetric: X escapes what it was
 * sent exactly once, so a sent "&amp;" comes back "&amp;amp;". One function applied to both
 * sides would have to equate the sent texts "&" and "&amp;" (the first comes back as the
 * second), so the canonical form is computed differently for each side.
 */
export type TextOrigin = 'sent' | 'returned';

/**
 * The t.co links X writes in place of the URLs it detected. A link glued to a preceding letter,
 * digit, @, $ or # is text (twitter-text does not detect a URL there, so X cannot have put it
 * there). twitter-text itself is not used on this side: it may read on past a t.co link into
 * what follows (a bare domain's query string, which X left as text) and miss the next link.
 */
const TCO_LINK = /(?<![A-Za-z0-9@＠$#＃\u202A-\u202E])https:\/\/t\.co\/[A-Za-z0-9]+/g;

/** The only entities X writes: it escapes `&`, `<` and `>` once, and nothing else. */
const X_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/** Where the links of a text are, as [start, end) UTF-16 offsets in document order. */
function linkRanges(text: string, origin: TextOrigin): [number, number][] {
  if (origin === 'returned') {
    return [...text.matchAll(TCO_LINK)].map((m) => [m.index, m.index + m[0].length]);
  }
  // twitter-text reports UTF-16 indices, which is how JavaScript strings slice.
  return twitterText.extractUrlsWithIndices(text).map(({ indices }) => indices);
}

/**
 * The form in which a text we sent and the text X returns for that post are equal, and in
 * which two sent texts are equal only when X would store them identically. The rules, each
 * one something X does to a post's text (everything else, case and inner whitespace included,
 * must match exactly):
 *
 * 1. Line breaks: CRLF and a lone CR become LF.
 * 2. Unicode: NFC (X counts and stores the NFC form).
 * 3. Ends: X drops whitespace before and after the text; whitespace inside is kept.
 * 4. Escaping: X returns `&`, `<` and `>` as `&amp;`, `&lt;` and `&gt;`. A returned text is
 *    unescaped in one pass, so `&amp;lt;` becomes the `&lt;` that was sent, never `<`.
 * 5. Links: every URL twitter-text detects in a sent text (with its query, fragment and path;
 *    trailing punctuation and bare domains such as `example.com` as twitter-text decides)
 *    comes back as a `https://t.co/…` link whose id we cannot predict. In both forms a link
 *    counts only as "a link here": the text between links must match.
 *
 * The result is the JSON list of the pieces of text between links: unambiguous whatever
 * characters the text holds, and its length says how many links there were.
 */
export function xCanonicalText(text: string, origin: TextOrigin): string {
  const normalised = text.replace(/\r\n?/g, '\n').normalize('NFC').trim();
  const pieces: string[] = [];
  let position = 0;
  for (const [start, end] of linkRanges(normalised, origin)) {
    pieces.push(normalised.slice(position, start));
    position = end;
  }
  pieces.push(normalised.slice(position));
  if (origin === 'sent') return JSON.stringify(pieces);
  // Unescaped piece by piece, after the links are cut out, and in one pass per piece.
  return JSON.stringify(
    pieces.map((piece) => piece.replace(/&(?:amp|lt|gt);/g, (entity) => X_ENTITIES[entity]!)),
  );
}
