import { createHash } from 'node:crypto';
import twitterText from 'twitter-text';

const TCO_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The t.co link X puts in place of a URL. Deterministic (from the URL alone), so a fake X
 * restarted mid-demo and two posts of one text store the same text, as the duplicate check needs.
 */
export function tcoLink(url: string): string {
  const digest = createHash('sha256').update(url).digest();
  let id = '';
  for (let i = 0; i < 10; i += 1) id += TCO_ALPHABET[digest[i]! % TCO_ALPHABET.length];
  return `https://t.co/${id}`;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * What X stores and returns for a text it was sent: line breaks as LF, NFC, no whitespace at
 * either end, every URL twitter-text detects replaced by a t.co link, and `&`, `<`, `>` escaped
 * once in the rest (a sent "&amp;" comes back "&amp;amp;").
 */
export function xRewrite(sent: string): string {
  const text = sent.replace(/\r\n?/g, '\n').normalize('NFC').trim();
  let rewritten = '';
  let position = 0;
  for (const { url, indices } of twitterText.extractUrlsWithIndices(text)) {
    rewritten += escapeHtml(text.slice(position, indices[0])) + tcoLink(url);
    position = indices[1];
  }
  return rewritten + escapeHtml(text.slice(position));
}
