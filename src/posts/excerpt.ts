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

/** What a cut must not end on: the folded text's space, and punctuation left dangling. */
const DANGLING = ' ,;:.–—-';

/**
 * The opening of a text for a list: whole when short, otherwise cut at the last word boundary
 * within `max` characters (or at `max` when one word runs past half of it) with an ellipsis.
 * Whitespace runs count as one space and the ends are trimmed. Counts code points, so an emoji
 * or a surrogate pair is never split.
 *
 * Every list row calls this, so it reads only as far as the cut (max + 1 characters of the
 * folded text) and copies the text in runs, instead of folding and splitting all of it first.
 */
export function excerpt(text: string, max = EXCERPT_LENGTH): string {
  const end = text.length;
  let i = 0;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  /** The folded text is `folded` followed by text[runStart, i): a run copied as it is. */
  let folded = '';
  let runStart = i;
  /** Code points and UTF-16 length of the folded text so far. */
  let count = 0;
  let length = 0;
  /** Code-point index and UTF-16 offset of its last space. */
  let lastSpace = -1;
  let lastSpaceOffset = -1;
  while (i < end) {
    const unit = text.charCodeAt(i);
    const space = isSpace(unit);
    let next = i + 1;
    if (space) {
      while (next < end && isSpace(text.charCodeAt(next))) next++;
      if (next === end) break; // trailing whitespace is trimmed
    } else if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(next) & 0xfc00) === 0xdc00) {
      next++; // a surrogate pair is one character
    }
    if (count === max) {
      // The folded text is longer than max and this is the first character past the cut.
      // A space right after the cut means the cut already falls between words.
      const head = folded + text.slice(runStart, i);
      const boundary = space ? max : lastSpace;
      let cut = boundary >= max / 2 && boundary < max ? lastSpaceOffset : head.length;
      while (cut > 0 && DANGLING.includes(head[cut - 1]!)) cut--;
      return `${head.slice(0, cut)}…`;
    }
    if (space) {
      lastSpace = count;
      lastSpaceOffset = length;
      // Anything but a single plain space ends the run and is written as one.
      if (unit !== 0x20 || next !== i + 1) {
        folded += `${text.slice(runStart, i)} `;
        runStart = next;
      }
      length++;
    } else {
      length += next - i;
    }
    count++;
    i = next;
  }
  return folded + text.slice(runStart, i);
}
