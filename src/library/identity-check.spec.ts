import fc from 'fast-check';
import {
  type CorpusCase,
  NEAR_MISS_CASES,
  POSITIVE_CASES,
} from '../../test/library/identity-corpus.js';
import { findIdentifyingDetails, type IdentifyingDetail } from './identity-check.js';

const detail = (
  value: string,
  kind: IdentifyingDetail['kind'] = 'other',
  id = value,
): IdentifyingDetail => ({ id, defectorId: 'defector-1', kind, value });

/** Each match must point at exactly the text it reports. */
function expectConsistent(text: string, matches: ReturnType<typeof findIdentifyingDetails>) {
  for (const m of matches) expect(text.slice(m.start, m.end)).toBe(m.matchedText);
}

describe('findIdentifyingDetails', () => {
  it('reports a Latin-script detail with its kind, id and offsets', () => {
    const text = 'He grew up in Tal Afar before he left.';
    const matches = findIdentifyingDetails(text, [detail('Tal Afar', 'hometown', 'd-1')]);
    expect(matches).toEqual([
      {
        detailId: 'd-1',
        defectorId: 'defector-1',
        kind: 'hometown',
        matchedText: 'Tal Afar',
        start: 14,
        end: 22,
      },
    ]);
  });

  it('reports exact offsets after emoji and other characters outside the basic plane', () => {
    const text = '👉👨‍👩‍👧 back home in Sampletown, 𝒜 town';
    const matches = findIdentifyingDetails(text, [detail('Sampletown', 'hometown')]);
    expect(matches.map((m) => m.matchedText)).toEqual(['Sampletown']);
    expectConsistent(text, matches);
  });

  it('ignores case and diacritics in either the text or the detail', () => {
    const text = 'My brother JOSÉ and the café in Zürich';
    const matches = findIdentifyingDetails(text, [
      detail('jose', 'family'),
      detail('Zurich', 'location'),
      detail('CAFÉ'),
    ]);
    expect(matches.map((m) => m.matchedText)).toEqual(['JOSÉ', 'café', 'Zürich']);
    expectConsistent(text, matches);
  });

  it('covers decomposed accents in the reported range', () => {
    const text = 'Visit Re\u0301my today';
    const [match] = findIdentifyingDetails(text, [detail('Rémy', 'real_name')]);
    expect(match?.matchedText).toBe('Re\u0301my');
    expect(match?.end).toBe(text.indexOf(' today'));
  });

  it('matches whole words only', () => {
    expect(findIdentifyingDetails('Alibaba and Khalil went home', [detail('Ali')])).toEqual([]);
    expect(findIdentifyingDetails('Mosul-born', [detail('Mosul')])).toHaveLength(1);
    expect(findIdentifyingDetails("Ali's unit", [detail('Ali')])).toHaveLength(1);
    expect(findIdentifyingDetails('unit 17b', [detail('17')])).toEqual([]);
  });

  it('matches multi-word details across different whitespace, but not split words', () => {
    const text = 'We met on Abu\n  Bakr\tStreet at dawn';
    const [match] = findIdentifyingDetails(text, [detail('abu bakr street', 'location')]);
    expect(match?.matchedText).toBe('Abu\n  Bakr\tStreet');
    expectConsistent(text, [match!]);
    expect(findIdentifyingDetails('Abu Bakrstreet', [detail('Abu Bakr street')])).toEqual([]);
  });

  it('finds every occurrence of every detail, in text order', () => {
    const text = 'Omar told Omar’s cousin in Raqqa about Omar';
    const matches = findIdentifyingDetails(text, [
      detail('Raqqa', 'location'),
      detail('Omar', 'real_name'),
    ]);
    expect(matches.map((m) => [m.matchedText, m.start])).toEqual([
      ['Omar', 0],
      ['Omar', 10],
      ['Raqqa', 27],
      ['Omar', 39],
    ]);
  });

  it('matches Arabic script whatever the tashkeel, tatweel or alef and ta marbuta forms', () => {
    // "He lived in Mosul near Al-Nouri Mosque" with harakat and tatweel in the text.
    const text = 'عَاشَ فِي المَوْصِل قُرْبَ جامـــع النوري';
    const matches = findIdentifyingDetails(text, [
      detail('الموصل', 'hometown'),
      detail('جامع النّوري', 'location'),
    ]);
    expect(matches.map((m) => m.matchedText)).toEqual(['المَوْصِل', 'جامـــع النوري']);
    expectConsistent(text, matches);

    const hamza = findIdentifyingDetails('سافر مع أسامة إلى الرقة', [
      detail('اسامه', 'family'),
      detail('الرقه', 'location'),
    ]);
    expect(hamza.map((m) => m.matchedText)).toEqual(['أسامة', 'الرقة']);
  });

  it('unifies alef maqsura and hamza carriers', () => {
    const matches = findIdentifyingDetails('ذهب إلى مؤتة ثم إلى دير الزور', [
      detail('الي', 'other', 'ila'),
      detail('موته', 'location', 'mutah'),
    ]);
    expect(matches.map((m) => m.detailId)).toEqual(['ila', 'mutah', 'ila']);
  });

  it('matches an Arabic detail behind a clitic prefix but not inside another word', () => {
    // "and Homs" — the conjunction is written onto the name.
    expect(findIdentifyingDetails('من حلب وحمص', [detail('حمص', 'hometown')])).toHaveLength(1);
    // "بالموصل" is "in Mosul": found whether the detail was stored with the article or without.
    const inMosul = findIdentifyingDetails('كنت بالموصل', [detail('الموصل')]);
    expect(inMosul.map((m) => m.matchedText)).toEqual(['الموصل']);
    expect(findIdentifyingDetails('كنت بالموصل', [detail('موصل')])).toHaveLength(1);
    // "محمصة" (a roastery) merely contains the letters of Homs.
    expect(findIdentifyingDetails('في المحمصة', [detail('حمص')])).toEqual([]);
  });

  it('finds nothing when no detail occurs, and ignores blank details', () => {
    expect(
      findIdentifyingDetails('There was neither a holy war nor any of the preachings followed.', [
        detail('Kalyan', 'hometown'),
        detail('   '),
      ]),
    ).toEqual([]);
  });
});

describe('findIdentifyingDetails on the identity corpus', () => {
  const run = (c: CorpusCase) =>
    findIdentifyingDetails(c.text, [{ id: 'd-1', defectorId: 'defector-1', ...c.detail }]);

  it('has at least 100 positive and 50 near-miss cases', () => {
    expect(POSITIVE_CASES.length).toBeGreaterThanOrEqual(100);
    expect(NEAR_MISS_CASES.length).toBeGreaterThanOrEqual(50);
  });

  it.each(POSITIVE_CASES.map((c) => [c.rule, c.text, c] as const))(
    'catches %s: %j',
    (_rule, text, c) => {
      const matches = run(c);
      expect(matches.map((m) => m.matchedText)).toEqual([c.expected]);
      expectConsistent(text, matches);
    },
  );

  it.each(NEAR_MISS_CASES.map((c) => [c.rule, c.text, c] as const))(
    'lets through %s: %j',
    (_rule, _text, c) => {
      expect(run(c)).toEqual([]);
    },
  );
});

describe('findIdentifyingDetails properties', () => {
  const ARABIC_DETAILS = ['الموصل', 'عبد الرحمن', 'أبو بكر', 'حمص', 'الرقة', 'مصطفى', 'كركوك'];
  const TASHKEEL = ['\u064e', '\u064f', '\u0650', '\u0651', '\u0652', '\u064b', '\u0640'];
  const filler = fc.string({
    unit: fc.constantFrom(...'abc ،.!؟ ومنفي\n🙂é'.split(''), 'في', 'من'),
    maxLength: 40,
  });

  /** Text around a detail, always separated from it so the detail stays a whole word. */
  const around = fc.record({
    before: filler,
    after: filler,
    value: fc.constantFrom(...ARABIC_DETAILS),
  });

  it('reports ranges that slice the original text, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), around, (noise, { value }) => {
        const text = `${noise} ${value} ${noise}`;
        const matches = findIdentifyingDetails(text, [detail(value), detail('Mosul')]);
        expect(matches.length).toBeGreaterThan(0);
        expectConsistent(text, matches);
      }),
    );
  });

  it('still matches when tashkeel or tatweel is inserted between any letters', () => {
    fc.assert(
      fc.property(
        around,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...TASHKEEL)), { maxLength: 6 }),
        ({ before, after, value }, inserts) => {
          const letters = [...value];
          for (const [at, mark] of inserts) {
            // After a letter (never before the first one): marks belong to the letter they follow.
            const i = 1 + (at % letters.length);
            letters.splice(i, 0, mark);
          }
          const written = letters.join('');
          const text = `${before} ${written} ${after}`;
          const matches = findIdentifyingDetails(text, [detail(value)]);
          expect(matches.length).toBeGreaterThan(0);
          expectConsistent(text, matches);
        },
      ),
    );
  });

  it('never matches a detail embedded inside a longer Arabic word', () => {
    // Letters that are not proclitics, so whatever stands before the detail lengthens the word.
    const letter = fc.constantFrom(...'تثجحخدذرزسشصضطظعغقمنهي'.split(''));
    fc.assert(
      fc.property(
        fc.constantFrom(...ARABIC_DETAILS.filter((d) => !d.includes(' '))),
        fc.array(letter, { maxLength: 3 }),
        fc.array(letter, { maxLength: 3 }),
        (value, head, tail) => {
          fc.pre(head.length + tail.length > 0);
          // Letters before that are not proclitics and letters after: a longer word.
          const text = `كان ${head.join('')}${value}${tail.join('')} هناك`;
          expect(findIdentifyingDetails(text, [detail(value)])).toEqual([]);
        },
      ),
    );
  });
});
