/** About how long a list excerpt may be, in characters (code points). */
export const EXCERPT_LENGTH = 120;

/**
 * The opening of a text for a list: whole when short, otherwise cut at the last word boundary
 * within `max` characters (or at `max` when one word runs past half of it) with an ellipsis.
 * Counts code points, so an emoji or a surrogate pair is never split.
 */
export function excerpt(text: string, max = EXCERPT_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  const head = chars.slice(0, max);
  // A space right after the cut means the cut already falls between words.
  const boundary = chars[max] === ' ' ? max : head.lastIndexOf(' ');
  const cut = boundary >= max / 2 ? head.slice(0, boundary) : head;
  return `${cut.join('').replace(/[\s,;:.–—-]+$/u, '')}…`;
}
