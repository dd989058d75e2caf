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
