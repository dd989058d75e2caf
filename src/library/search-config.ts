/**
 * PostgreSQL's built-in text-search configurations by ISO 639-1 code. Languages without one are
 * indexed with 'simple' (lower-cased words, no stemming), which still finds exact words.
 */
const CONFIG_BY_LANGUAGE: Readonly<Record<string, string>> = {
  ar: 'arabic',
  hy: 'armenian',
  eu: 'basque',
  ca: 'catalan',
  da: 'danish',
  nl: 'dutch',
  en: 'english',
  fi: 'finnish',
  fr: 'french',
  de: 'german',
  el: 'greek',
  hi: 'hindi',
  hu: 'hungarian',
  id: 'indonesian',
  ga: 'irish',
  it: 'italian',
  lt: 'lithuanian',
  ne: 'nepali',
  no: 'norwegian',
  nb: 'norwegian',
  nn: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  es: 'spanish',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
  yi: 'yiddish',
};

/** Language tags as BCP 47 writes them: "ar", "en-GB", "pt-BR". */
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export function searchConfigFor(language: string | null | undefined): string {
  const primary = (language ?? '').split('-')[0]!.toLowerCase();
  return CONFIG_BY_LANGUAGE[primary] ?? 'simple';
}

/** Every configuration a quote can be indexed with; a free-text query is parsed with each. */
export const SEARCH_CONFIGS: readonly string[] = [
  'simple',
  ...new Set(Object.values(CONFIG_BY_LANGUAGE)),
];
