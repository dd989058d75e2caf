import { isUsable, meetsVerification, usabilityOf } from './usability.js';

const vetted = { vettingStatus: 'vetted', verification: 'single_source' } as const;
const live = { consentStatus: 'public_record' } as const;

describe('usabilityOf', () => {
  it('accepts a vetted, verified quote whose defector has not withdrawn consent', () => {
    expect(usabilityOf(vetted, live)).toEqual({ usable: true, reasons: [] });
    expect(isUsable({ ...vetted, verification: 'unverified' }, { consentStatus: 'obtained' })).toBe(
      true,
    );
  });

  it('names every reason a quote cannot be used', () => {
    expect(
      usabilityOf(
        { vettingStatus: 'pending', verification: 'disputed' },
        { consentStatus: 'withdrawn' },
      ),
    ).toEqual({
      usable: false,
      reasons: ['not_vetted', 'disputed', 'consent_withdrawn'],
    });
    expect(
      usabilityOf({ vettingStatus: 'rejected', verification: 'retracted' }, live).reasons,
    ).toEqual(['rejected', 'retracted']);
  });

  it('applies a campaign minimum verification when given one', () => {
    expect(isUsable(vetted, live, 'single_source')).toBe(true);
    expect(usabilityOf(vetted, live, 'corroborated').reasons).toEqual([
      'below_minimum_verification',
    ]);
    expect(isUsable({ ...vetted, verification: 'corroborated' }, live, 'corroborated')).toBe(true);
  });
});

describe('meetsVerification', () => {
  it('orders unverified < single_source < corroborated and ranks disputed or retracted below all', () => {
    expect(meetsVerification('corroborated', 'single_source')).toBe(true);
    expect(meetsVerification('single_source', 'single_source')).toBe(true);
    expect(meetsVerification('unverified', 'single_source')).toBe(false);
    expect(meetsVerification('disputed', 'unverified')).toBe(false);
    expect(meetsVerification('retracted', 'unverified')).toBe(false);
  });
});
