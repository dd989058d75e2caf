import {
  awaitingStages,
  editorialRefusal,
  legalRefusal,
  type VettingSubject,
  vettingStatusOf,
} from './quote-vetting-rules.js';

const quote = (over: Partial<VettingSubject> = {}): VettingSubject => ({
  vettingStatus: 'pending',
  verification: 'single_source',
  identityRisk: 'low',
  sensitivityFlags: [],
  legalFlags: [],
  createdBy: 'author-1',
  contentRevisedBy: 'author-1',
  editorial: null,
  legal: null,
  ...over,
});

const editor = { id: 'editor-1', roles: ['editor'] as const };
const safety = { id: 'safety-1', roles: ['safety_reviewer'] as const };
const legal = { id: 'legal-1', roles: ['legal_reviewer'] as const };
const author = { id: 'author-2', roles: ['author'] as const };

describe('editorial vetting rules', () => {
  it('lets an editor or a safety reviewer vet an ordinary quote', () => {
    expect(editorialRefusal(quote(), editor, 'approve')).toBeNull();
    expect(editorialRefusal(quote(), safety, 'reject')).toBeNull();
  });

  it('refuses authors and legal reviewers', () => {
    expect(editorialRefusal(quote(), author, 'approve')?.kind).toBe('forbidden');
    expect(editorialRefusal(quote(), legal, 'approve')?.kind).toBe('forbidden');
  });

  it('keeps high identity risk and sensitive content for safety reviewers', () => {
    for (const q of [
      quote({ identityRisk: 'high' }),
      quote({ sensitivityFlags: ['graphic_violence'] }),
    ]) {
      expect(editorialRefusal(q, editor, 'approve')).toMatchObject({ kind: 'forbidden' });
      expect(editorialRefusal(q, safety, 'approve')).toBeNull();
    }
    expect(editorialRefusal(quote({ identityRisk: 'medium' }), editor, 'approve')).toBeNull();
  });

  it('refuses whoever added or last revised the quote, whatever their roles', () => {
    const own = { id: 'author-1', roles: ['author', 'editor'] as const };
    expect(editorialRefusal(quote(), own, 'approve')?.kind).toBe('forbidden');
    const reviser = { id: 'safety-1', roles: ['safety_reviewer'] as const };
    expect(
      editorialRefusal(quote({ contentRevisedBy: 'safety-1' }), reviser, 'approve')?.kind,
    ).toBe('forbidden');
  });

  it('refuses retracted and rejected quotes and a second approval', () => {
    expect(editorialRefusal(quote({ verification: 'retracted' }), editor, 'approve')?.kind).toBe(
      'conflict',
    );
    expect(
      editorialRefusal(quote({ vettingStatus: 'rejected', editorial: 'reject' }), editor, 'approve')
        ?.kind,
    ).toBe('conflict');
    expect(
      editorialRefusal(quote({ vettingStatus: 'vetted', editorial: 'approve' }), editor, 'approve')
        ?.kind,
    ).toBe('conflict');
    expect(
      editorialRefusal(quote({ vettingStatus: 'vetted', editorial: 'approve' }), editor, 'reject'),
    ).toBeNull();
  });
});

describe('legal sign-off rules', () => {
  const flagged = quote({ legalFlags: ['ongoing_prosecution'] });

  it('is given by legal reviewers only, and only for legal flags', () => {
    expect(legalRefusal(flagged, legal, 'approve')).toBeNull();
    expect(legalRefusal(flagged, editor, 'approve')?.kind).toBe('forbidden');
    expect(legalRefusal(quote(), legal, 'approve')?.kind).toBe('conflict');
  });

  it('keeps a legally flagged quote pending until both the vetting and the sign-off exist', () => {
    expect(vettingStatusOf({ ...flagged, editorial: 'approve' })).toBe('pending');
    expect(awaitingStages({ ...flagged, editorial: 'approve' })).toEqual(['legal']);
    expect(vettingStatusOf({ ...flagged, legal: 'approve' })).toBe('pending');
    expect(awaitingStages({ ...flagged, legal: 'approve' })).toEqual(['editorial']);
    expect(vettingStatusOf({ ...flagged, editorial: 'approve', legal: 'approve' })).toBe('vetted');
    expect(vettingStatusOf({ ...flagged, editorial: 'approve', legal: 'reject' })).toBe('rejected');
  });

  it('vets an unflagged quote on the editorial approval alone', () => {
    expect(vettingStatusOf({ ...quote(), editorial: 'approve' })).toBe('vetted');
    expect(awaitingStages(quote())).toEqual(['editorial']);
  });
});
