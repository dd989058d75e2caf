import fc from 'fast-check';
import { NOTIFICATION_KINDS } from '../db/schema/index.js';
import { nextAttemptAt } from './delivery-schedule.js';
import { ACTION_KINDS, eventOf, titleOf } from './notification-events.js';
import { signatureOf, verifySignature } from './webhook-signature.js';
import { webhookUrlErrors } from './webhook-url.js';

const fact = (action: string, after: unknown) => ({
  id: 1,
  at: new Date(),
  actorId: null,
  action,
  entityType: 'post',
  entityId: '00000000-0000-4000-8000-000000000001',
  after,
});

describe('notification rules', () => {
  it('verifies exactly the signed body, timestamp and secret', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.string(), (body, secret, other) => {
        const now = 1_800_000_000;
        const header = { signature: signatureOf(secret, now, body), timestamp: String(now) };
        expect(verifySignature(secret, header, body, { now: now * 1000 })).toBe(true);
        if (other !== body)
          expect(verifySignature(secret, header, other, { now: now * 1000 })).toBe(false);
        if (other !== secret)
          expect(verifySignature(other, header, body, { now: now * 1000 })).toBe(false);
        // A replay outside the tolerance is refused even with a valid signature.
        expect(verifySignature(secret, header, body, { now: (now + 301) * 1000 })).toBe(false);
      }),
    );
  });

  it('accepts https, and plain http only to this machine where allowed', () => {
    expect(webhookUrlErrors('https://chat.example.org/h', false)).toEqual([]);
    expect(webhookUrlErrors('http://127.0.0.1:9/h', true)).toEqual([]);
    expect(webhookUrlErrors('http://127.0.0.1:9/h', false)[0]?.rule).toBe('httpsOnly');
    expect(webhookUrlErrors('http://chat.example.org/h', true)[0]?.rule).toBe('httpsOnly');
    expect(webhookUrlErrors('ftp://x', true)[0]?.rule).toBe('httpsOnly');
    expect(webhookUrlErrors('not a url', true)[0]?.rule).toBe('isUrl');
    expect(webhookUrlErrors('https://a:b@chat.example.org', true)[0]?.rule).toBe('noCredentials');
  });

  it('backs off exponentially and gives up after the last attempt', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 10, max: 60_000 }),
        (max, base) => {
          const policy = { maxAttempts: max, retryBaseMs: base };
          const waits = Array.from({ length: max }, (_, i) => nextAttemptAt(i + 1, policy, 0));
          expect(waits.at(-1)).toBeNull();
          const times = waits.slice(0, -1).map((d) => d!.getTime());
          times.forEach((t, i) => expect(t).toBe(base * 2 ** i));
        },
      ),
    );
  });

  it('maps every watched action to a kind, and approvals only when the review completes', () => {
    for (const kind of Object.values(ACTION_KINDS)) expect(NOTIFICATION_KINDS).toContain(kind);
    expect(eventOf(fact('post.review.approve', { status: 'in_review' }))).toBeNull();
    expect(eventOf(fact('post.review.approve', { status: 'approved' }))?.kind).toBe('approved');
    expect(eventOf(fact('post.edited', {}))).toBeNull();
    expect(
      eventOf(fact('post.submitted', { requiredStages: ['editorial', 'safety', 'nonsense'] }))
        ?.audience,
    ).toEqual({ kind: 'reviewers', roles: ['editor', 'safety_reviewer'] });
  });

  it('builds titles from the kind, handle and campaign only', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NOTIFICATION_KINDS), fc.string(), (kind, handle) => {
        const title = titleOf(kind, { channelHandle: handle || null, campaignName: 'Spring' });
        expect(title.length).toBeGreaterThan(0);
        expect(title).toContain('(Spring)');
      }),
    );
  });
});
