import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from '../audit/actor.js';
import type { Role } from '../db/schema/index.js';

/** The signed-in caller of a request. */
export interface Principal {
  userId: string;
  email: string;
  displayName: string;
  roles: Role[];
  locale: string;
  timeZone: string | null;
  via: 'session' | 'token';
  sessionIdHash?: string;
  tokenId?: string;
  csrfToken?: string;
}

export type AuthedRequest = Request & { principal?: Principal };

export const actorOf = (principal: Principal): Actor => ({
  id: principal.userId,
  label: principal.email,
});

export const hasRole = (principal: Principal, ...roles: Role[]) =>
  roles.some((role) => principal.roles.includes(role));

export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Principal => {
    const principal = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
    if (!principal) throw new Error('CurrentPrincipal used on an endpoint that is not signed in');
    return principal;
  },
);
