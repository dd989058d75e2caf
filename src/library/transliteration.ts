/**
 * Latin spellings of Arabic names and places, as regular-expression sources over text folded by
 * `normaliseForMatching` (lower case, no accents). Arabic leaves short vowels unwritten and has
 * no single romanisation, so a name has many Latin spellings (الموصل: Mosul, Mousul, al-Mawsil;
 * عبد الرحمن: Abdul Rahman, Abdelrahman, Abd al-Rahman, Abdurrahman). Rather than list them,
 * each letter becomes the set of Latin renderings in common use (press, UN/BGN, French and
 * English colonial spellings), an optional short vowel may stand between letters, the article
 * may be al-/el-/ul- or assimilated to a sun letter (ar-Raqqa), and compound heads take their
 * usual forms (Abd/Abdul/Abdel, Abu/Abou, Ibn/Bin/Ben, Umm/Um/Om).
 *
 * A word of three letters or fewer has too few consonants for that to be safe (حمص would match
 * "Hamas"), so short words get only the spellings in the curated table of well-known names and
 * places below. The table also answers the reverse question, for details recorded in Latin
 * script: which Arabic spellings name the same place or person. Latin details outside the table
 * are not transliterated into Arabic; safety reviewers record such spellings as aliases.
 */
import { ARABIC_LETTER, ARTICLE, HAMZA_SEAT, headFormsOf } from './arabic-normalisation.js';

/** A separator between words: a space, or a hyphen with or without spaces around it. */
export const SEPARATOR = '(?: ?[-\\u2010_] ?| )';
const APOSTROPHE = "['\\u2019\\u2018`\\u02bf\\u02be]";
const VOWEL = '[aeiou]';

const options = (forms: readonly string[]) => `(?:${forms.join('|')})`;

const CONSONANTS: Record<string, readonly string[]> = {
  ب: ['b'],
  ت: ['t'],
  ث: ['th', 't', 's'],
  ج: ['j', 'g', 'dj', 'dsch'],
  ح: ['h', 'kh'],
  خ: ['kh', 'k', 'h', 'x', 'ch'],
  د: ['d'],
  ذ: ['dh', 'th', 'z', 'd'],
  ر: ['r'],
  ز: ['z'],
  س: ['s'],
  ش: ['sh', 'ch', 'sch', 's'],
  ص: ['s'],
  ض: ['d', 'dh', 'z'],
  ط: ['t'],
  ظ: ['z', 'dh', 'th', 'd'],
  غ: ['gh', 'g', 'r'],
  ف: ['f', 'ph'],
  ق: ['q', 'k', 'g', 'c', 'qu'],
  ك: ['k', 'c', 'ck'],
  ل: ['l'],
  م: ['m'],
  ن: ['n'],
  ه: ['h'],
};
/** Letters that also write long vowels. */
const VOWEL_LETTERS: Record<string, readonly string[]> = {
  ا: ['a', 'aa', 'e'],
  و: ['w', 'u', 'o', 'ou', 'oo', 'v', 'aw', 'ow'],
  ي: ['y', 'i', 'ee', 'ie', 'ey', 'ei', 'e', 'ay', 'ai'],
};
/** ع and the hamza on a seat are written as an apostrophe, a vowel, or not at all. */
const GLOTTAL = `(?:${APOSTROPHE}?${VOWEL}{0,2})`;
const SUN_LETTERS = new Set('تثدذرزسشصضطظلن');

const HEAD_LATIN: Record<string, readonly string[]> = {
  عبد: ['abd', 'abdu', 'abdi', 'abdo', 'abed', 'abdul', 'abdel', 'abdal', 'abdol', 'abdoul'],
  ابو: ['abu', 'abou', 'abo', 'aboo', 'abi', 'aba', 'abbu'],
  ابن: ['ibn', 'ebn', 'bin', 'ben'],
  بنت: ['bint', 'bent', 'binti'],
  ام: ['umm', 'um', 'om', 'omm', 'oum', 'oumm'],
};
const latinHeadOf = (token: string) => HEAD_LATIN[headFormsOf(token)?.[0] ?? ''];

/** A consonant, possibly doubled (shadda is unwritten in Arabic but written in Latin: Raqqa). */
const consonant = (letter: string) =>
  options(CONSONANTS[letter]!.flatMap((f) => (f.length === 1 ? [f + f, f] : [f])));

/** The Latin pattern of one Arabic word without its article, or undefined if it has no rule. */
function latinOfWord(word: string): string | undefined {
  const letters = [...word];
  const parts: string[] = [];
  letters.forEach((letter, i) => {
    const last = i === letters.length - 1;
    if (i > 0) parts.push(`${VOWEL}?`);
    if (letter === 'ع' || letter === HAMZA_SEAT) parts.push(GLOTTAL);
    else if (letter === 'ه' && last) parts.push('(?:ah|at|eh|a|e|h)?');
    else if (letter === 'ا' && i === 0) parts.push(VOWEL);
    else if (VOWEL_LETTERS[letter]) parts.push(options(VOWEL_LETTERS[letter]));
    else if (CONSONANTS[letter]) parts.push(consonant(letter));
    else return;
  });
  return parts.length === letters.length * 2 - 1 ? parts.join('') : undefined;
}

/** al-/el-/ul-, or the vowel and the doubled sun letter it assimilates to (ar-Raqqa, ad-Dawla). */
function latinArticle(body: string): string {
  const first = body[0]!;
  const forms = SUN_LETTERS.has(first) ? `(?:l|${consonant(first)})` : 'l';
  return `(?:${VOWEL}${forms}${SEPARATOR}?)`;
}

/**
 * The pattern of the Latin spellings of a detail written in Arabic (already folded and split
 * into words, compounds split into head and name), or undefined when the rules do not apply:
 * a single word of fewer than four letters, or a word with letters outside the table.
 */
export function latinPatternOfArabic(words: readonly string[]): string | undefined {
  const named = words.filter((w) => !headFormsOf(w));
  if (named.length === 0) return undefined;
  if (words.length === 1 && [...stripArticle(words[0]!)].length < 4) return undefined;
  const parts: string[] = [];
  for (const [i, word] of words.entries()) {
    const head = latinHeadOf(word);
    if (i > 0) parts.push(latinHeadOf(words[i - 1]!) ? `(?:${SEPARATOR}|${VOWEL})?` : SEPARATOR);
    if (head) {
      parts.push(options(head));
      continue;
    }
    const body = stripArticle(word);
    const latin = latinOfWord(body);
    if (!latin) return undefined;
    // The article is optional: English usually drops it (Raqqa, Mosul).
    parts.push(body === word ? latin : `${latinArticle(body)}?${latin}`);
  }
  return parts.join('');
}

const stripArticle = (word: string) =>
  word.startsWith(ARTICLE) && word.length > ARTICLE.length + 2 ? word.slice(ARTICLE.length) : word;

/**
 * Well-known places and short names, in folded Arabic (ة as ه, no hamza) and in the Latin
 * spellings the press and maps use. Short words are here because the letter rules are too loose
 * for them; longer ones because their usual Latin names do not follow the letters (Aleppo, Homs).
 */
const WELL_KNOWN: readonly { arabic: readonly string[]; latin: readonly string[] }[] = [
  { arabic: ['الموصل'], latin: ['mosul', 'mossul', 'mossoul', 'mousoul', 'mawsil', 'mosoul'] },
  { arabic: ['الرقه'], latin: ['raqqa', 'raqqah', 'rakka', 'raqa', 'rakkah'] },
  { arabic: ['حمص'], latin: ['homs', 'hims', 'hums', 'emesa'] },
  { arabic: ['حلب'], latin: ['aleppo', 'halab', 'alep'] },
  { arabic: ['دمشق'], latin: ['damascus', 'dimashq', 'damas', 'damaskus'] },
  { arabic: ['بغداد'], latin: ['baghdad', 'bagdad'] },
  {
    arabic: ['تلعفر', 'تل عفر'],
    latin: ['tal afar', 'tall afar', 'tel afar', 'talafar', 'tal afer'],
  },
  {
    arabic: ['دير الزور'],
    latin: [
      'deir ez-zor',
      'deir ezzor',
      'deir al-zour',
      'dayr az-zawr',
      'deir ez zor',
      'deir el-zor',
    ],
  },
  { arabic: ['الفلوجه'], latin: ['fallujah', 'falluja', 'fallouja', 'faluja'] },
  { arabic: ['الرمادي'], latin: ['ramadi'] },
  { arabic: ['تكريت'], latin: ['tikrit', 'takrit'] },
  { arabic: ['كركوك'], latin: ['kirkuk', 'karkuk'] },
  { arabic: ['ادلب'], latin: ['idlib', 'idleb'] },
  { arabic: ['حماه'], latin: ['hama', 'hamah'] },
  { arabic: ['تدمر'], latin: ['palmyra', 'tadmur', 'tadmor'] },
  { arabic: ['منبج'], latin: ['manbij', 'membij', 'menbij'] },
  { arabic: ['دابق'], latin: ['dabiq', 'dabik'] },
  { arabic: ['سنجار'], latin: ['sinjar', 'shingal', 'sindjar'] },
  { arabic: ['سرت'], latin: ['sirte', 'sirt', 'surt'] },
  { arabic: ['درنه'], latin: ['derna', 'darnah'] },
  { arabic: ['الباب'], latin: ['al-bab', 'el-bab'] },
  { arabic: ['جرابلس'], latin: ['jarabulus', 'jarablus', 'djerablus'] },
  { arabic: ['علي'], latin: ['ali', 'aly'] },
  { arabic: ['عمر'], latin: ['omar', 'umar', 'omer'] },
  { arabic: ['عمرو'], latin: ['amr', 'amru', 'amro'] },
  { arabic: ['حسن'], latin: ['hasan', 'hassan', 'hasen', 'hassen'] },
  { arabic: ['زيد'], latin: ['zaid', 'zayd', 'zeid'] },
];

const latinKey = (latin: string) => latin.replace(/^(?:al|el|ul)[- ]/, '').replace(/[- ]/g, '');
const arabicKey = (arabic: string) => stripArticle(arabic.replace(/ /g, ''));
const byKey = new Map(
  WELL_KNOWN.flatMap((e) => {
    const spellings = [...e.arabic, ...e.latin];
    return [...e.arabic.map(arabicKey), ...e.latin.map(latinKey)].map((k) => [k, spellings]);
  }),
);

/**
 * Every spelling in the curated table of the place or name a folded detail (Arabic, with or
 * without its article, or Latin) is one spelling of; empty when it is not in the table.
 */
export function wellKnownSpellingsOf(folded: string): readonly string[] {
  return byKey.get(ARABIC_LETTER.test(folded) ? arabicKey(folded) : latinKey(folded)) ?? [];
}
