import type { IdentifyingDetailKind } from '../db/schema/index.js';
import {
  ARABIC_LETTER,
  ARTICLE,
  CONJUNCTIONS,
  HAMZA_SEAT,
  headFormsOf,
  normaliseForMatching,
  PREPOSITIONS,
  splitJoinedCompound,
} from './arabic-normalisation.js';
import { latinPatternOfArabic, SEPARATOR, wellKnownSpellingsOf } from './transliteration.js';

export interface IdentifyingDetail {
  id: string;
  defectorId: string;
  kind: IdentifyingDetailKind;
  value: string;
  /** Other spellings recorded by safety reviewers; each is checked like the value. */
  aliases?: readonly string[];
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

/**
 * A detail's pattern ends where a word ends; where a match may start (at a word's start, or
 * behind proclitics) is checked by `startsWord`, so the engine does not run a lookbehind at
 * every position of the text.
 */
const WORD_END = '(?![\\p{L}\\p{N}])';
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** What may stand between the start of a word and an Arabic detail: و ف, then ب ك ل. */
const PROCLITIC_PREFIX = new RegExp(`^${CONJUNCTIONS}?${PREPOSITIONS}?$`, 'u');
/** Escapes the characters that are syntax in a unicode-mode pattern (and only those). */
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const splitWords = (folded: string) => folded.split(/[ \-\u2010_]+/u).filter((w) => w !== '');

/** A folded Arabic word as a pattern: a marked hamza seat matches either seat letter. */
const arabicLiteral = (word: string) =>
  [...word].map((ch) => (ch === HAMZA_SEAT ? '[وي]' : escape(ch))).join('');

/**
 * A detail written in Arabic, behind any proclitics (و ف, then ب ك ل), with its article written
 * as ال or contracted into لل; compound heads in any of their forms, joined to the name or not.
 * A detail recorded with its article needs the article in the text (الباب is a town, باب a door);
 * one recorded without matches with or without it.
 */
function arabicPattern(words: readonly string[]): string {
  const [first, ...rest] = words;
  const hasArticle = first!.startsWith(ARTICLE) && first!.length > ARTICLE.length + 2;
  const core = hasArticle ? first!.slice(ARTICLE.length) : first!;
  const all = [core, ...rest];
  let body = '';
  all.forEach((word, i) => {
    if (i > 0) body += headFormsOf(all[i - 1]!) ? `${SEPARATOR}?` : SEPARATOR;
    const forms = headFormsOf(word);
    body += forms ? `(?:${forms.join('|')})` : arabicLiteral(word);
  });
  // The article as written, or the ل left of it after the preposition ل (للموصل).
  return `(?:(?:${ARTICLE})${hasArticle ? '' : '?'}|(?<=ل)ل)${body}`;
}

const LATIN_HEADS: readonly (readonly string[])[] = [
  ['abd', 'abdu', 'abdul', 'abdel', 'abdal', 'abdol', 'abdoul', 'abdur', 'abdi'],
  ['abu', 'abou', 'abo', 'aboo', 'abi', 'aba'],
  ['ibn', 'bin', 'ben', 'ebn'],
  ['umm', 'um', 'om', 'oum'],
];
const LATIN_ARTICLES = new Set(['al', 'el', 'ul', 'ar', 'as', 'ash', 'at', 'ad', 'az', 'an']);
const latinHeadFormsOf = (word: string) => LATIN_HEADS.find((forms) => forms.includes(word));

/** A Latin compound written as one word (Abdulrahman, Abubakr) split back into head and name. */
function splitLatinCompound(word: string): string[] {
  for (const head of ['abdul', 'abdel', 'abdur', 'abd', 'abu', 'abou', 'ibn']) {
    if (word.startsWith(head) && word.length - head.length >= 3) {
      return [head, word.slice(head.length)];
    }
  }
  return [word];
}

/**
 * A detail written in Latin script (or any script without Arabic's proclitics): whole words,
 * any whitespace or hyphen between them, compound heads in their usual forms and joined or not
 * to the name, and the article al-/el-/ar-… in any of its forms.
 */
function latinPattern(words: readonly string[]): string {
  const split = words.flatMap(splitLatinCompound);
  let out = '';
  split.forEach((word, i) => {
    const afterHead = i > 0 && latinHeadFormsOf(split[i - 1]!);
    if (i > 0) out += afterHead || LATIN_ARTICLES.has(split[i - 1]!) ? `${SEPARATOR}?` : SEPARATOR;
    const head = latinHeadFormsOf(word);
    const next = split[i + 1];
    if (head) {
      out += `(?:${head.join('|')})`;
      // Abd al-Rahman / Abdul Rahman: an article may stand between a head and the name.
      if (next && !LATIN_ARTICLES.has(next)) {
        out += `(?:${SEPARATOR}?[aeiu](?:l|${escape(next[0]!)}))?`;
      }
    } else if (LATIN_ARTICLES.has(word) && next) {
      // Written al-, el-, or assimilated to the next consonant; often left out after a head.
      out += `(?:[aeiu](?:l|${escape(next[0]!)}))${afterHead ? '?' : ''}`;
    } else out += escape(word);
  });
  // An article before a name that was recorded without one (ar-Raqqa for Raqqa) is reported too.
  const article = LATIN_ARTICLES.has(split[0]!)
    ? ''
    : `(?:[aeiu](?:l|${escape(split[0]![0]!)})${SEPARATOR}?)?`;
  return `${article}${out}`;
}

/** The patterns of one spelling as written: Arabic with its orthography, or Latin. */
function patternsOfWritten(folded: string): string[] {
  const words = splitWords(folded);
  if (words.length === 0) return [];
  if (!ARABIC_LETTER.test(folded)) return [latinPattern(words)];
  const arabicWords = words.flatMap((w) => splitJoinedCompound(w) ?? [w]);
  const latin = latinPatternOfArabic(arabicWords);
  return [arabicPattern(arabicWords), ...(latin ? [latin] : [])];
}

/** Every pattern one spelling of a detail stands for: itself, its transliterations, the table. */
function patternsOfSpelling(spelling: string): string[] {
  const folded = normaliseForMatching(spelling, { markHamzaSeats: true }).text.trim();
  const plain = normaliseForMatching(spelling).text.trim();
  return [folded, ...wellKnownSpellingsOf(plain)].flatMap(patternsOfWritten);
}

/**
 * A match starts a word, or, when it is Arabic, follows proclitics written onto the word. The
 * contraction لل leaves the preposition ل as the prefix, which the same rule allows.
 */
function startsWord(text: string, index: number, matched: string): boolean {
  let wordStart = index;
  while (wordStart > 0 && WORD_CHAR.test(text[wordStart - 1]!)) wordStart--;
  if (wordStart === index) return true;
  return ARABIC_LETTER.test(matched[0]!) && PROCLITIC_PREFIX.test(text.slice(wordStart, index));
}

/** Compiled once per spelling set: details are checked against every segment of every post. */
const compiled = new Map<string, RegExp | null>();
const MAX_COMPILED = 5000;

function patternOf(detail: IdentifyingDetail): RegExp | null {
  const spellings = [detail.value, ...(detail.aliases ?? [])];
  const key = JSON.stringify(spellings);
  let pattern = compiled.get(key);
  if (pattern === undefined) {
    const sources = [...new Set(spellings.flatMap(patternsOfSpelling))];
    // Longer alternatives first, so the fullest spelling is the one reported.
    sources.sort((a, b) => b.length - a.length);
    pattern = sources.length === 0 ? null : new RegExp(`(?:${sources.join('|')})${WORD_END}`, 'gu');
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(key, pattern);
  }
  return pattern;
}

/**
 * Finds every occurrence of the given identifying details (and their aliases) in `text` as
 * whole words, whatever the case, diacritics, Arabic spelling variants (see
 * `normaliseForMatching`), proclitics, article, compound-name spacing or Latin transliteration
 * (see `transliteration.ts`). The single check used wherever text about a defector may be
 * published. Offsets are UTF-16 offsets into `text` itself.
 */
export function findIdentifyingDetails(
  text: string,
  details: readonly IdentifyingDetail[],
): IdentifyingMatch[] {
  const haystack = normaliseForMatching(text);
  const folded = haystack.text;
  const matches: IdentifyingMatch[] = [];
  for (const detail of details) {
    const pattern = patternOf(detail);
    if (!pattern) continue;
    pattern.lastIndex = 0;
    for (let found = pattern.exec(folded); found; found = pattern.exec(folded)) {
      if (found[0] === '' || !startsWord(folded, found.index, found[0])) {
        // Inside a longer word: a valid match may still start at the next position.
        pattern.lastIndex = found.index + 1;
        continue;
      }
      const start = haystack.starts[found.index]!;
      const end = haystack.ends[found.index + found[0].length - 1]!;
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
