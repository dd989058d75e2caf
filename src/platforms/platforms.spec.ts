import { PLATFORMS } from '../db/schema/index.js';
import { validateSegments } from '../posts/weighted-length.js';
import { platformDefinition, REGISTERED_PLATFORMS } from './platforms.js';
import { xCanonicalText } from './x/x-text.js';

describe('registered platforms', () => {
  it('registers every platform a channel may have, once each', () => {
    expect(REGISTERED_PLATFORMS.map((p) => p.name).sort()).toEqual([...PLATFORMS].sort());
  });

  it('X resolves an ambiguous create by reading the account, with its own text comparison', () => {
    const x = platformDefinition('x');
    expect(x.idempotentCreates).toBe(false);
    expect(x.ambiguousCreate).toEqual({ kind: 'read_account', canonicalText: xCanonicalText });
    expect(x.metrics).toMatchObject({ kind: 'batch_lookup', maxIdsPerCall: 100 });
    expect(x.connect.kind).toBe('oauth');
  });

  it('the sandbox compares texts as they are and has no account to connect', () => {
    const sandbox = platformDefinition('sandbox');
    expect(sandbox.ambiguousCreate.kind).toBe('read_account');
    if (sandbox.ambiguousCreate.kind !== 'read_account') return;
    expect(sandbox.ambiguousCreate.canonicalText('A &amp; b ', 'returned')).toBe('A &amp; b ');
    expect(sandbox.connect.kind).toBe('none');
  });
});

describe('validateSegments follows the channel platform’s text rules', () => {
  it('counts X’s weighted length (CJK 2, URLs 23), and the sandbox rehearses X with the same rules', () => {
    const cjk = '漢'.repeat(141);
    expect(validateSegments([cjk], 'x')).toEqual([
      {
        field: 'segments[0]',
        rule: 'maxWeightedLength',
        message: 'segment 1 is 282 weighted characters; X allows 280',
        weightedLength: 282,
      },
    ]);
    expect(validateSegments([cjk], 'sandbox')).toEqual([
      expect.objectContaining({ rule: 'maxWeightedLength', weightedLength: 282 }),
    ]);

    // A long URL weighs 23 wherever X's rules apply.
    const withUrl = `${'a'.repeat(250)} https://example.com/${'p'.repeat(40)}`;
    expect(validateSegments([withUrl], 'x')).toEqual([]);
    expect(validateSegments([withUrl], 'sandbox')).toEqual([]);
  });

  it('refuses the characters X refuses, on X and on its sandbox rehearsal', () => {
    expect(validateSegments(['zero\uFEFFwidth'], 'x')).toMatchObject([
      { rule: 'invalidCharacters', message: expect.stringContaining('X does not accept') },
    ]);
    expect(validateSegments(['zero\uFEFFwidth'], 'sandbox')).toMatchObject([
      { rule: 'invalidCharacters' },
    ]);
  });
});
