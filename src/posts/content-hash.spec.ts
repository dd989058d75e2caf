import { createHash } from 'node:crypto';
import { contentHash } from './content-hash.js';

const thread = ['I joined to defend Sunnis.', 'I ended up guarding a checkpoint.'];

describe('contentHash', () => {
  it('is a sha256 hex digest', () => {
    expect(contentHash({ segments: thread })).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives equal content the same hash', () => {
    const media = [{ key: 'uploads/a.png', alt: 'A ruined market', sha256: 'ab12' }];
    expect(contentHash({ segments: [...thread], media, quoteIds: ['q1', 'q2'] })).toBe(
      contentHash({
        segments: [...thread],
        media: [{ sha256: 'ab12', alt: 'A ruined market', key: 'uploads/a.png' }],
        quoteIds: ['q1', 'q2'],
      }),
    );
  });

  it('treats absent media and quotes like empty ones', () => {
    expect(contentHash({ segments: thread })).toBe(
      contentHash({ segments: thread, media: [], quoteIds: [] }),
    );
  });

  it.each([
    ['a changed word', ['I joined to defend Sunnis.', 'I ended up guarding a gate.']],
    ['a trailing space', ['I joined to defend Sunnis. ', 'I ended up guarding a checkpoint.']],
    ['a doubled space', ['I joined to  defend Sunnis.', 'I ended up guarding a checkpoint.']],
    ['a newline', ['I joined to defend Sunnis.\n', 'I ended up guarding a checkpoint.']],
    ['a changed case', ['i joined to defend Sunnis.', 'I ended up guarding a checkpoint.']],
    [
      'decomposed Unicode',
      ['I joined to defend Sunnis.', 'I ended up guarding a checkpoint.'.replace('a', 'a\u0301')],
    ],
    ['swapped segments', [thread[1] as string, thread[0] as string]],
    ['one more segment', [...thread, '']],
    ['a segment split in two', ['I joined to defend Sunnis. I ended up', 'guarding a checkpoint.']],
  ])('changes with %s', (_change, segments) => {
    expect(contentHash({ segments })).not.toBe(contentHash({ segments: thread }));
  });

  it('changes when media or their order change', () => {
    const a = { key: 'a.png' };
    const b = { key: 'b.png' };
    const base = contentHash({ segments: thread, media: [a, b] });
    expect(contentHash({ segments: thread, media: [b, a] })).not.toBe(base);
    expect(contentHash({ segments: thread, media: [a, { key: 'b.png', alt: 'x' }] })).not.toBe(
      base,
    );
    expect(contentHash({ segments: thread })).not.toBe(base);
  });

  it('treats quote ids as a set: order and repeats do not matter, membership does', () => {
    const base = contentHash({ segments: thread, quoteIds: ['q1', 'q2'] });
    expect(contentHash({ segments: thread, quoteIds: ['q2', 'q1', 'q2'] })).toBe(base);
    expect(contentHash({ segments: thread, quoteIds: ['q1'] })).not.toBe(base);
    expect(contentHash({ segments: thread, quoteIds: ['q1', 'q3'] })).not.toBe(base);
  });

  it('cannot be forged by moving text between segments and separators', () => {
    // a naive join would make these collide
    expect(contentHash({ segments: ['a","b'] })).not.toBe(contentHash({ segments: ['a', 'b'] }));
    expect(contentHash({ segments: ['ab'] })).not.toBe(contentHash({ segments: ['a', 'b'] }));
  });

  it('hashes a documented canonical form, so stored hashes stay comparable', () => {
    const expected = createHash('sha256')
      .update('{"media":[],"quoteIds":["q1","q2"],"segments":["Hello"],"v":1}')
      .digest('hex');
    expect(contentHash({ segments: ['Hello'], quoteIds: ['q2', 'q1'] })).toBe(expected);
  });
});
