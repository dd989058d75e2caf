import fc from 'fast-check';
import { duplicateKeys, findDuplicates, normaliseForDuplicates } from './duplicate-text.js';

describe('normaliseForDuplicates', () => {
  it('ignores case, surrounding whitespace and runs of whitespace', () => {
    expect(normaliseForDuplicates('  They promised   us\n\nPARADISE\t')).toBe(
      normaliseForDuplicates('they promised us paradise'),
    );
  });

  it('treats any two links alike, since X rewrites both to t.co', () => {
    const a = normaliseForDuplicates('Read his story: https://example.org/hamza?utm=x');
    expect(a).toBe(
      normaliseForDuplicates('Read his story: http://news.example.com/2015/defectors'),
    );
    expect(a).toBe(normaliseForDuplicates('read his story: example.net'));
    expect(a).toBe('read his story: <url>');
  });

  it('finds links after multi-unit characters without mangling the text around them', () => {
    expect(normaliseForDuplicates('Ça 👍🏽 https://example.org/a et 漢字')).toBe(
      'ça 👍🏽 <url> et 漢字',
    );
  });

  it('treats composed and decomposed accents alike', () => {
    expect(normaliseForDuplicates('cafe\u0301')).toBe(normaliseForDuplicates('caf\u00e9'));
  });

  it('keeps texts that differ in words apart', () => {
    expect(normaliseForDuplicates('They promised us paradise')).not.toBe(
      normaliseForDuplicates('They promised us nothing'),
    );
  });
});

describe('findDuplicates', () => {
  const candidate = {
    postId: 'p-new',
    channelId: 'ch-en',
    segments: ['They promised us PARADISE.', 'We got  checkpoints: https://example.org/1'],
  };

  it('finds a post on the same channel whose segment matches after normalising', () => {
    const matches = findDuplicates(candidate, [
      {
        postId: 'p-1',
        channelId: 'ch-en',
        status: 'published',
        segments: ['they promised us paradise.'],
      },
    ]);
    expect(matches).toEqual([
      {
        postId: 'p-1',
        channelId: 'ch-en',
        status: 'published',
        sameChannel: true,
        segments: [{ candidate: 0, existing: 0 }],
      },
    ]);
  });

  it('finds posts on other channels too and lists same-channel matches first', () => {
    const matches = findDuplicates(candidate, [
      {
        postId: 'p-other',
        channelId: 'ch-ar',
        status: 'scheduled',
        segments: ['intro', 'we got checkpoints: https://t.co/zzz'],
      },
      {
        postId: 'p-same',
        channelId: 'ch-en',
        status: 'scheduled',
        segments: ['We got checkpoints: example.com'],
      },
    ]);
    expect(matches.map((m) => [m.postId, m.sameChannel, m.segments])).toEqual([
      ['p-same', true, [{ candidate: 1, existing: 0 }]],
      ['p-other', false, [{ candidate: 1, existing: 1 }]],
    ]);
  });

  it('reports nothing when no segment matches, even if the texts overlap', () => {
    expect(
      findDuplicates(candidate, [
        {
          postId: 'p-1',
          channelId: 'ch-en',
          status: 'published',
          segments: ['They promised us paradise. Really.'],
        },
      ]),
    ).toEqual([]);
  });

  it('never matches the candidate against itself', () => {
    expect(findDuplicates(candidate, [{ ...candidate, status: 'scheduled' }])).toEqual([]);
  });

  it('ignores empty segments', () => {
    expect(
      findDuplicates({ channelId: 'ch-en', segments: ['  ', 'unique text'] }, [
        { postId: 'p-1', channelId: 'ch-en', status: 'published', segments: [''] },
      ]),
    ).toEqual([]);
  });
});

describe('duplicateKeys', () => {
  const words = [
    'bread',
    'Bread',
    'BREAD',
    'never',
    'came',
    'café',
    'cafe\u0301',
    'https://t.co/a',
    'example.org/x',
  ];
  const text = fc
    .array(fc.tuple(fc.constantFrom(...words), fc.constantFrom(' ', '  ', '\n', '\t')), {
      maxLength: 4,
    })
    .map((parts) => parts.map(([word, space]) => word + space).join(''));
  const segments = fc.array(text, { minLength: 1, maxLength: 3 });

  it('shares a key between two posts exactly when a segment of one duplicates a segment of the other', () => {
    fc.assert(
      fc.property(segments, segments, (a, b) => {
        const keysOfA = new Set(duplicateKeys(a));
        const shared = duplicateKeys(b).some((key) => keysOfA.has(key));
        const matched =
          findDuplicates({ channelId: 'c', segments: a }, [
            { postId: 'p', channelId: 'c', segments: b, status: 'published' },
          ]).length > 0;
        expect(shared).toBe(matched);
      }),
      { numRuns: 2_000 },
    );
  });

  it('gives one key per distinct non-empty form, none for blank segments', () => {
    expect(duplicateKeys(['  ', 'Bread  came', 'bread came ', '\n'])).toHaveLength(1);
    expect(duplicateKeys([' ', ''])).toEqual([]);
  });
});
