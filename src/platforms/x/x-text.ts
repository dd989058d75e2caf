import twitterText from 'twitter-text';

/** What every URL becomes: X rewrites each link it detects to its own t.co link. */
const URL_PLACEHOLDER = '\u0000url\u0000';

/**
 * The form in which a text we sent and the text X returns for it compare equal. X HTML-escapes
 * `&`, `<` and `>`, rewrites links to t.co and may change line breaks and normalisation.
 */
export function xCanonicalText(text: string): string {
  const unescaped = text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const nfc = unescaped.normalize('NFC');
  let withoutUrls = '';
  let position = 0;
  // twitter-text reports UTF-16 indices, which is how JavaScript strings slice.
  for (const { indices } of twitterText.extractUrlsWithIndices(nfc)) {
    withoutUrls += nfc.slice(position, indices[0]) + URL_PLACEHOLDER;
    position = indices[1];
  }
  withoutUrls += nfc.slice(position);
  return withoutUrls.replace(/\s+/gu, ' ').trim();
}
