/**
 * The orthography the identity check folds away, in one place. Arabic is written with optional
 * vowel marks (tashkeel), optional elongation (tatweel), several seats for the hamza, letters
 * that are often written interchangeably (alef maqsura and ya at the end of a word, ta marbuta
 * and ha) and Persian/Urdu code points for the same letters. None of these change which person
 * or place a word names, so a check that compares code points misses most real spellings.
 */

/** What `normaliseForMatching` returns: the folded text and where each unit came from. */
export interface NormalisedText {
  text: string;
  /** For each UTF-16 unit of `text`, the range of the original text it came from. */
  starts: number[];
  ends: number[];
}

/** The hamza on a waw or ya seat, which writers swap (مسؤول / مسئول); details keep it marked. */
export const HAMZA_SEAT = '\uE000';

/**
 * Letters written interchangeably, folded to one form. NFKD already splits أ إ آ ؤ ئ into their
 * seat letter and a combining hamza or madda (dropped with the other marks), which is the
 * common hamza-less spelling; alef wasla has no decomposition.
 */
const LETTER_FOLDS: Record<string, string> = {
  ٱ: 'ا',
  // Ta marbuta is often written as ha, alef maqsura as ya (and Egyptian print the reverse).
  ة: 'ه',
  ى: 'ي',
  // Persian and Urdu code points for the same letters: kaf, ya, ha and their variants.
  ک: 'ك',
  ی: 'ي',
  ې: 'ي',
  ے: 'ي',
  ہ: 'ه',
  ۀ: 'ه',
  ە: 'ه',
  ھ: 'ه',
};

/** The standalone hamza (سماء / سما) is dropped like a vowel mark. */
const DROPPED = new Set(['\u0621', '\u0640']);
const COMBINING = /\p{M}/u;
const INVISIBLE = /\p{Cf}/u;
const WHITESPACE = /\s/u;

/** Arabic-Indic (٠–٩) and Eastern Arabic-Indic (۰–۹) digits read as 0–9. */
function foldDigit(ch: string): string | undefined {
  const code = ch.codePointAt(0)!;
  if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660);
  if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0);
  return undefined;
}

/**
 * Folds text for matching while remembering where every folded character came from, so a match
 * can be reported as an exact range of the original (UTF-16 offsets, emoji count as two):
 * - lower-cases, and removes Latin accents and Arabic tashkeel (all combining marks, after NFKD,
 *   which also turns Arabic presentation forms and ligatures into plain letters);
 * - removes tatweel, the standalone hamza and invisible formatting characters (ZWJ, ZWNJ, marks);
 * - folds hamza forms (أ إ آ ٱ → ا, ؤ → و, ئ → ي), ة → ه, ى → ي and the Persian/Urdu letters
 *   ک ی ہ (and relatives) to their Arabic forms, and Arabic-Indic digits to 0–9;
 * - collapses every run of whitespace into one space.
 * With `markHamzaSeats` (used for details, never for the checked text) ؤ and ئ become
 * `HAMZA_SEAT`, so a detail spelled with one seat also matches the other.
 * A dropped character is counted in the range of the character before it, so a reported match
 * covers the marks written on its letters.
 */
export function normaliseForMatching(
  input: string,
  options: { markHamzaSeats?: boolean } = {},
): NormalisedText {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let offset = 0;
  for (const original of input) {
    const from = offset;
    offset += original.length;
    const folded =
      options.markHamzaSeats && (original === 'ؤ' || original === 'ئ')
        ? HAMZA_SEAT
        : foldCharacter(original);
    if (folded === '' || (folded === ' ' && (text === '' || text.endsWith(' ')))) {
      // Dropped, or whitespace after whitespace: counted with the character before it.
      if (text !== '' && (folded === ' ' || !text.endsWith(' '))) ends[ends.length - 1] = offset;
      continue;
    }
    text += folded;
    // One entry per UTF-16 unit, as string indices count them (an emoji is two).
    for (let unit = 0; unit < folded.length; unit++) {
      starts.push(from);
      ends.push(offset);
    }
  }
  return { text, starts, ends };
}

/** Folded form of each character seen, since texts repeat the same few dozen letters. */
const foldedCharacters = new Map<string, string>();

function foldCharacter(original: string): string {
  let folded = foldedCharacters.get(original);
  if (folded !== undefined) return folded;
  if (WHITESPACE.test(original)) folded = ' ';
  else {
    folded = '';
    for (const decomposed of original.normalize('NFKD')) {
      for (const lower of decomposed.toLowerCase()) {
        if (COMBINING.test(lower) || INVISIBLE.test(lower) || DROPPED.has(lower)) continue;
        folded += foldDigit(lower) ?? LETTER_FOLDS[lower] ?? lower;
      }
    }
  }
  if (foldedCharacters.size < 10_000) foldedCharacters.set(original, folded);
  return folded;
}

/** The article, written onto the word it defines. */
export const ARTICLE = 'ال';

/**
 * Proclitics written onto the next word: conjunctions و ("and") and ف ("so"), then at most one
 * of the prepositions ب ("in"), ك ("like"), ل ("to, for"), then optionally the article. ل + ال
 * is written لل (the article's alef is dropped): "للموصل", "to Mosul".
 */
export const CONJUNCTIONS = '[وف]';
export const PREPOSITIONS = '[بكل]';

/**
 * Compound names whose parts are written with or without a space (or a tatweel) between them:
 * عبد + a divine name (عبد الرحمن / عبدالرحمن), the kunya أبو / أم + name, and the nasab
 * ابن / بن + name. أبو takes its case forms أبي and أبا after prepositions and as an object.
 * Each entry lists the forms that stand for one another.
 */
const COMPOUND_HEADS: readonly (readonly string[])[] = [
  ['عبد'],
  ['ابو', 'ابي', 'ابا'],
  ['ابن', 'بن'],
  ['بنت'],
  ['ام'],
];

/**
 * A compound written as one word is split back into its head and the rest, when the rest is
 * long enough to be a name: "عبدالرحمن" → عبد + الرحمن, "ابوبكر" → ابو + بكر. ام and بن are not
 * split from one word: too many ordinary words begin with them (امين, بنك).
 */
export function splitJoinedCompound(token: string): [string, string] | undefined {
  for (const head of ['عبد', 'ابو', 'ابي', 'ابا', 'ابن']) {
    if (token.startsWith(head) && token.length - head.length >= 3) {
      return [head, token.slice(head.length)];
    }
  }
  return undefined;
}

export const headFormsOf = (token: string): readonly string[] | undefined =>
  COMPOUND_HEADS.find((forms) => forms.includes(token));

export const ARABIC_LETTER = /\p{Script=Arabic}/u;
