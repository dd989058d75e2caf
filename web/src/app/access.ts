import type { Role } from '../ui/badges';

/**
 * Who sees which screen and button. The server decides every request (these mirror its
 * @Roles declarations); the UI only hides what a role could not do anyway.
 */
export const ACCESS = {
  compose: ['author', 'editor'],
  review: ['editor', 'safety_reviewer', 'legal_reviewer'],
  schedule: ['editor'],
  pause: ['editor', 'admin'],
  comment: ['author', 'editor', 'safety_reviewer', 'legal_reviewer', 'admin'],
  identityCheck: ['author', 'editor', 'safety_reviewer', 'legal_reviewer', 'admin'],
  clearIdentity: ['safety_reviewer'],
  libraryContribute: ['author', 'editor', 'admin'],
  quoteEdit: ['author', 'editor', 'admin', 'safety_reviewer'],
  quoteVet: ['editor', 'safety_reviewer', 'admin'],
  quoteLegal: ['legal_reviewer', 'admin'],
  quoteRetract: ['editor', 'safety_reviewer', 'admin'],
  privacy: ['safety_reviewer', 'admin'],
  settings: ['editor', 'admin'],
  admin: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof ACCESS;

export function can(roles: readonly Role[], capability: Capability): boolean {
  const allowed: readonly Role[] = ACCESS[capability];
  return roles.some((role) => allowed.includes(role));
}

/** The review stage each role approves (admins review no stage). */
export const STAGE_ROLE = {
  editorial: 'editor',
  safety: 'safety_reviewer',
  legal: 'legal_reviewer',
} as const satisfies Record<string, Role>;
