import type { IdentifyingDetailKind } from '../db/schema/index.js';

export interface IdentifyingDetail {
  id: string;
  defectorId: string;
  kind: IdentifyingDetailKind;
  value: string;
}

/** Where a detail occurs in the checked text: `text.slice(start, end) === matchedText`. */
export interface IdentifyingMatch {
  detailId: string;
  defectorId: string;
  kind: IdentifyingDetailKind;
  matchedText: string;
  start: number;
  end: number;
}

const ARABIC_LETTERS: Record<string, string> = {
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ة: 'ه',
  ى: 'ي',
  ؤ: 'و',
  ئ: 'ي',
};
const TATWEEL = '\u0640';
const COMBINING = /\p{M}/u;
const INVISIBLE = /\p{Cf}/u;
const WHITESPACE = /\s/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const ARABIC_SCRIPT = /\p{Script=Arabic}/u;
/**
 * Arabic writes "and", "the", "in", "for" as prefixes of the next word: "وحمص" is "and Homs".
 * A detail written in Arabic still matches behind these, or it would be missed in most sentences.
 */
const ARABIC_PROCLITICS = new Set([
  'و',
  'ف',
  'ب',
  'ل',
  'ك',
  'ال',
  'وال',
  'فال',
  'بال',
  'كال',
  'لل',
  'ول',
  'فل',
  'وب',
  'فب',
  'ولل',
  'فلل',
]);

interface Normalised {
  text: string;
  /** For each UTF-16 unit of the normalised text, the original range it came from. */
  starts: number[];
  ends: number[];
}

/**
 * Lower-cases, strips diacritics (Latin accents and Arabic tashkeel), removes tatweel and
 * invisible formatting characters, unifies Arabic letter variants and collapses whitespace,
 * remembering where each character came from so matches can be reported in the original text.
 */
function normalise(input: string): Normalised {
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let offset = 0;
  for (const original of input) {
    const from = offset;
    offset += original.length;
    const emit = (ch: string) => {
      if (ch === ' ' && (out.length === 0 || out.at(-1) === ' ')) {
        if (out.length > 0) ends[ends.length - 1] = offset;
        return;
      }
      out.push(ch);
      // One entry per UTF-16 unit, as indexOf on the joined text counts them (an emoji is two).
      for (let unit = 0; unit < ch.length; unit++) {
        starts.push(from);
        ends.push(offset);
      }
    };
    if (WHITESPACE.test(original)) {
      emit(' ');
      continue;
    }
    let kept = false;
    for (const decomposed of original.normalize('NFKD')) {
      for (const lower of decomposed.toLowerCase()) {
        if (COMBINING.test(lower) || INVISIBLE.test(lower) || lower === TATWEEL) continue;
        emit(ARABIC_LETTERS[lower] ?? lower);
        kept = true;
      }
    }
    // A dropped mark belongs to the letter before it, so the reported match covers it too.
    if (!kept && out.length > 0 && out.at(-1) !== ' ') ends[ends.length - 1] = offset;
  }
  return { text: out.join(''), starts, ends };
}

const normaliseValue = (value: string) => normalise(value).text.trim();

/** Letters or digits directly before `index` in `text`, back to the previous non-word character. */
function wordPrefixBefore(text: string, index: number): string {
  let begin = index;
  while (begin > 0 && WORD_CHAR.test(text[begin - 1]!)) begin--;
  return text.slice(begin, index);
}

function startsOnBoundary(text: string, index: number, detail: string): boolean {
  if (index === 0 || !WORD_CHAR.test(text[index - 1]!)) return true;
  return ARABIC_SCRIPT.test(detail[0]!) && ARABIC_PROCLITICS.has(wordPrefixBefore(text, index));
}

const endsOnBoundary = (text: string, end: number) =>
  end >= text.length || !WORD_CHAR.test(text[end]!);

/**
 * Finds every occurrence of the given identifying details in `text`, ignoring case, diacritics,
 * Arabic letter variants and differences in whitespace, and only as whole words. The single
 * check used wherever text about a defector may be published.
 */
export function findIdentifyingDetails(
  text: string,
  details: readonly IdentifyingDetail[],
): IdentifyingMatch[] {
  const haystack = normalise(text);
  const matches: IdentifyingMatch[] = [];
  for (const detail of details) {
    const needle = normaliseValue(detail.value);
    if (needle === '') continue;
    for (
      let at = haystack.text.indexOf(needle);
      at !== -1;
      at = haystack.text.indexOf(needle, at + 1)
    ) {
      const last = at + needle.length - 1;
      if (!startsOnBoundary(haystack.text, at, needle)) continue;
      if (!endsOnBoundary(haystack.text, last + 1)) continue;
      const start = haystack.starts[at]!;
      const end = haystack.ends[last]!;
      matches.push({
        detailId: detail.id,
        defectorId: detail.defectorId,
        kind: detail.kind,
        matchedText: text.slice(start, end),
        start,
        end,
      });
    }
  }
  return matches.sort((a, b) => a.start - b.start || a.end - b.end);
}
