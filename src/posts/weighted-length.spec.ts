import {
  MAX_THREAD_SEGMENTS,
  validateSegments,
  weightedLength,
  X_MAX_WEIGHTED_LENGTH,
} from './weighted-length.js';

/** The first `count` code points of `phrase` repeated, so multi-unit characters are never split. */
const codePoints = (phrase: string, count: number) => {
  const chars = Array.from(phrase);
  return Array.from({ length: count }, (_, i) => chars[i % chars.length]).join('');
};

const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}'; // man, woman, girl, boy joined by ZWJ
const FLAG_UK = '\u{1F1EC}\u{1F1E7}';
const THUMBS_UP_MEDIUM = '\u{1F44D}\u{1F3FD}';
const LONG_URL = `https://example.org/reports/2015/victims-perpetrators-assets?${'x'.repeat(120)}`;

describe('weightedLength', () => {
  it('counts plain ASCII one per character: 280 is accepted, 281 is not', () => {
    expect(weightedLength('a'.repeat(280))).toEqual({
      weightedLength: 280,
      valid: true,
      permillage: 1000,
    });
    const over = weightedLength('a'.repeat(281));
    expect(over.weightedLength).toBe(281);
    expect(over.valid).toBe(false);
  });

  it('counts any URL as 23, however long it is', () => {
    expect(LONG_URL.length).toBeGreaterThan(150);
    expect(weightedLength(LONG_URL).weightedLength).toBe(23);
    expect(weightedLength('https://x.co').weightedLength).toBe(23);
    // 256 letters + a space + a URL = 280
    expect(weightedLength(`${'a'.repeat(256)} ${LONG_URL}`)).toMatchObject({
      weightedLength: 280,
      valid: true,
    });
    expect(weightedLength(`${'a'.repeat(257)} ${LONG_URL}`)).toMatchObject({
      weightedLength: 281,
      valid: false,
    });
  });

  it('counts Arabic letters and spaces one each', () => {
    const phrase = 'تركت التنظيم لأنه قتل المسلمين ';
    expect(weightedLength(codePoints(phrase, 280))).toMatchObject({
      weightedLength: 280,
      valid: true,
    });
    expect(weightedLength(codePoints(phrase, 281))).toMatchObject({
      weightedLength: 281,
      valid: false,
    });
  });

  it('counts CJK characters two each', () => {
    expect(weightedLength('漢'.repeat(140))).toMatchObject({ weightedLength: 280, valid: true });
    expect(weightedLength('漢'.repeat(141))).toMatchObject({ weightedLength: 282, valid: false });
    expect(weightedLength(`${'漢'.repeat(140)}a`)).toMatchObject({
      weightedLength: 281,
      valid: false,
    });
    expect(weightedLength(`${'漢'.repeat(139)}${'a'.repeat(2)}`)).toMatchObject({
      weightedLength: 280,
      valid: true,
    });
  });

  it.each([
    ['a ZWJ family', FAMILY],
    ['a flag', FLAG_UK],
    ['a skin-toned thumbs up', THUMBS_UP_MEDIUM],
  ])('counts %s as one emoji of weight 2', (_name, emoji) => {
    expect(weightedLength(emoji).weightedLength).toBe(2);
    expect(weightedLength(emoji.repeat(140))).toMatchObject({ weightedLength: 280, valid: true });
    expect(weightedLength(`${emoji.repeat(140)}a`)).toMatchObject({
      weightedLength: 281,
      valid: false,
    });
  });

  it('treats an empty text as invalid', () => {
    expect(weightedLength('')).toMatchObject({ weightedLength: 0, valid: false });
  });
});

describe('validateSegments', () => {
  it('accepts a thread whose segments are each at the limit', () => {
    expect(validateSegments(['a'.repeat(280), '漢'.repeat(140)], 'x')).toEqual([]);
  });

  it('names the over-long segment and its weighted length', () => {
    const problems = validateSegments(['fine', 'a'.repeat(281)], 'x');
    expect(problems).toEqual([
      {
        field: 'segments[1]',
        rule: 'maxWeightedLength',
        message: 'segment 2 is 281 weighted characters; X allows 280',
        weightedLength: 281,
      },
    ]);
  });

  it('reports every bad segment, not only the first', () => {
    const problems = validateSegments(
      ['漢'.repeat(141), 'ok', '  ', `${FAMILY.repeat(140)}!`],
      'x',
    );
    expect(problems.map((p) => [p.field, p.rule, p.weightedLength])).toEqual([
      ['segments[0]', 'maxWeightedLength', 282],
      ['segments[2]', 'required', 0],
      ['segments[3]', 'maxWeightedLength', 281],
    ]);
  });

  it('refuses empty and whitespace-only segments', () => {
    expect(validateSegments(['', '\n\t '], 'x')).toEqual([
      { field: 'segments[0]', rule: 'required', message: 'segment 1 is empty', weightedLength: 0 },
      { field: 'segments[1]', rule: 'required', message: 'segment 2 is empty', weightedLength: 0 },
    ]);
  });

  it('refuses characters X rejects even when the length is fine', () => {
    expect(validateSegments(['zero\uFEFFwidth'], 'x')).toMatchObject([
      { field: 'segments[0]', rule: 'invalidCharacters' },
    ]);
  });

  it('refuses a post with no segments', () => {
    expect(validateSegments([], 'x')).toMatchObject([{ field: 'segments', rule: 'minSegments' }]);
  });

  it(`allows a thread of ${MAX_THREAD_SEGMENTS} segments and refuses one more`, () => {
    expect(validateSegments(Array(MAX_THREAD_SEGMENTS).fill('part'), 'x')).toEqual([]);
    expect(validateSegments(Array(MAX_THREAD_SEGMENTS + 1).fill('part'), 'x')).toEqual([
      {
        field: 'segments',
        rule: 'maxSegments',
        message: `A thread has at most 25 segments; this one has 26`,
      },
    ]);
  });

  it('holds sandbox channels to the X limit', () => {
    expect(validateSegments(['a'.repeat(X_MAX_WEIGHTED_LENGTH)], 'sandbox')).toEqual([]);
    expect(validateSegments(['a'.repeat(X_MAX_WEIGHTED_LENGTH + 1)], 'sandbox')).toMatchObject([
      { field: 'segments[0]', rule: 'maxWeightedLength', weightedLength: 281 },
    ]);
  });
});
