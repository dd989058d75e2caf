/** About how long a list excerpt may be, in characters (code points). */
export const EXCERPT_LENGTH = 120;

/** JavaScript's `\s` (what `trim` removes too): Unicode white space and line terminators. */
function isSpace(unit: number): boolean {
  return (
    unit === 0x20 ||
    (unit >= 0x09 && unit <= 0x0d) ||
    (unit >= 0x80 &&
      (unit === 0xa0 ||
        unit === 0x1680 ||
        (unit >= 0x2000 && unit <= 0x200a) ||
        unit === 0x2028 ||
        unit === 0x2029 ||
        unit === 0x202f ||
        unit === 0x205f ||
        unit === 0x3000 ||
        unit === 0xfeff))
  );
}

/**
 * The opening of a text for a list: whole when short, otherwise cut at the last word boundary
 * within `max` characters (or at `max` when one word runs past half of it) with an ellipsis.
 * Whitespace runs count as one space and the ends are trimmed. Counts code points, so an emoji
 * or a surrogate pair is never split.
 *
 * Every list row calls this, so it reads only as far as the cut (max + 1 characters of the
 * folded text) instead of folding and splitting the whole segment first.
 */
export function excerpt(text: string, max = EXCERPT_LENGTH): string {
  const end = text.length;
  let i = 0;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  /** The folded text so far: at most `max` code points. */
  let head = '';
  let count = 0;
  /** Code-point index and UTF-16 offset in `head` of its last space. */
  let lastSpace = -1;
  let lastSpaceOffset = -1;
  while (i < end) {
    let char: string;
    if (isSpace(text.charCodeAt(i))) {
      let next = i + 1;
      while (next < end && isSpace(text.charCodeAt(next))) next++;
      if (next === end) break; // trailing whitespace is trimmed
      i = next;
      char = ' ';
    } else {
      const width = text.codePointAt(i)! > 0xffff ? 2 : 1;
      char = text.slice(i, i + width);
      i += width;
    }
    if (count === max) {
      // The folded text is longer than max; `char` is the first character past the cut.
      // A space right after the cut means the cut already falls between words.
      const boundary = char === ' ' ? max : lastSpace;
      const cut = boundary >= max / 2 && boundary < max ? head.slice(0, lastSpaceOffset) : head;
      return `${cut.replace(/[\s,;:.–—-]+$/u, '')}…`;
    }
    if (char === ' ') {
      lastSpace = count;
      lastSpaceOffset = head.length;
    }
    head += char;
    count++;
  }
  return head;
}
