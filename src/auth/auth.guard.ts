import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import { forbidden, refused } from '../common/domain-errors.js';
import { type Access, ACCESS_KEY } from './access.decorators.js';
import { AuthService } from './auth.service.js';
import { type AuthedRequest, hasRole, type Principal } from './principal.js';
import type { Request } from 'express';

export const SESSION_COOKIE = 'cv_session';
export const CSRF_COOKIE = 'cv_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sameSecret = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The request carries its session's CSRF token in the x-csrf-token header. */
export function csrfHeaderMatches(req: Request, principal: Principal): boolean {
  const sent = req.headers[CSRF_HEADER];
  return typeof sent === 'string' && sameSecret(sent, principal.csrfToken ?? '');
}

/**
 * Runs on every route: identifies the caller (bearer token or session cookie), enforces the
 * endpoint's declared access, and requires the CSRF header on cookie-authenticated writes.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    if (access?.kind === 'public') return true;

    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      req.principal = match ? await this.auth.resolveToken(match[1]!) : undefined;
      if (!req.principal)
        throw refused('unauthenticated', 'The API token is missing, revoked, expired or wrong.');
    } else {
      const sessionId: unknown = req.cookies?.[SESSION_COOKIE];
      req.principal =
        typeof sessionId === 'string' ? await this.auth.resolveSession(sessionId) : undefined;
      if (!req.principal)
        throw refused('unauthenticated', 'Sign in first: there is no valid session.');
      if (!SAFE_METHODS.has(req.method)) {
        if (!csrfHeaderMatches(req, req.principal)) {
          throw forbidden(
            `Cookie-authenticated changes need the ${CSRF_HEADER} header from sign-in.`,
            {
              title: 'CSRF token missing or wrong',
            },
          );
        }
      }
    }

    if (access === undefined) {
      throw forbidden('This endpoint declares no access rule, so nobody may call it.');
    }
    if (access.kind === 'roles' && !hasRole(req.principal, ...access.roles)) {
      throw forbidden(`This needs one of the roles: ${access.roles.join(', ')}.`, {
        requiredRoles: access.roles,
      });
    }
    return true;
  }
}
