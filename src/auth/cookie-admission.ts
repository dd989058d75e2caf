import type { Request } from 'express';
import { SESSION_COOKIE, csrfHeaderMatches, SAFE_METHODS } from './auth.guard.js';
import type { AuthService } from './auth.service.js';
import { hasRole } from './principal.js';
import type { Role } from '../db/schema/index.js';

/** Why a request outside the Nest pipeline (the queue dashboard) is turned away, or 'ok'. */
export type Admission = 'ok' | { status: 401 | 403; title: string; detail: string };

/**
 * The AuthGuard's rules for a plain Express route: a live session of a user with `role`, and on
 * a change (POST, PUT, PATCH, DELETE) the session's CSRF token in the x-csrf-token header.
 */
export async function admitSession(
  auth: AuthService,
  req: Request,
  role: Role,
): Promise<Admission> {
  const sessionId: unknown = req.cookies?.[SESSION_COOKIE];
  const principal =
    typeof sessionId === 'string' ? await auth.resolveSession(sessionId) : undefined;
  if (!principal) {
    return {
      status: 401,
      title: 'Unauthorized',
      detail: 'Sign in first: there is no valid session.',
    };
  }
  if (!SAFE_METHODS.has(req.method) && !csrfHeaderMatches(req, principal)) {
    return {
      status: 403,
      title: 'CSRF token missing or wrong',
      detail: 'Cookie-authenticated changes need the x-csrf-token header from sign-in.',
    };
  }
  if (!hasRole(principal, role)) {
    return { status: 403, title: 'Forbidden', detail: `This needs the ${role} role.` };
  }
  return 'ok';
}
