import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_ACTION_LABELS, auditActionLabel } from './audit-actions.js';

/** Every `action: '…'` (and `? '…' : '…'`) audit literal in the server's sources. */
function recordedActions(): Set<string> {
  const found = new Set<string>();
  const files = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'),
  );
  for (const file of files) {
    const text = readFileSync(join('src', file), 'utf8');
    for (const m of text.matchAll(/action:\s*([^,\n]+),/g)) {
      for (const literal of m[1]!.matchAll(/'([a-z_]+\.[a-z_.]+)'/g)) found.add(literal[1]!);
    }
  }
  return found;
}

describe('audit action catalogue', () => {
  it('labels every action the code records', () => {
    const actions = recordedActions();
    expect(actions.size).toBeGreaterThan(40);
    const unlabelled = [...actions].filter((a) => !(a in AUDIT_ACTION_LABELS));
    expect(unlabelled).toEqual([]);
  });

  it('labels the actions built from a kind or a decision', () => {
    for (const kind of ['pause', 'blackout'])
      for (const verb of ['created', 'updated', 'lifted'])
        expect(AUDIT_ACTION_LABELS).toHaveProperty([`${kind}.${verb}`]);
    for (const decision of ['approve', 'reject', 'request_changes'])
      expect(AUDIT_ACTION_LABELS).toHaveProperty([`post.review.${decision}`]);
    for (const step of ['scheduled', 'rescheduled', 'held', 'failed', 'unknown'])
      expect(AUDIT_ACTION_LABELS).toHaveProperty([`post.${step}`]);
  });

  it('reads an unknown action as words', () => {
    expect(auditActionLabel('channel.token_rotated')).toBe('Channel token rotated');
    expect(auditActionLabel('post.review.approve')).toBe('Post approved at a review stage');
  });
});
