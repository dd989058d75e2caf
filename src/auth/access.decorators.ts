import { SetMetadata } from '@nestjs/common';
import type { Role } from '../db/schema/index.js';

export const ACCESS_KEY = 'countervoice:access';

/** How an endpoint may be reached; the guard refuses endpoints that declare none (fail closed). */
export type Access = { kind: 'public' } | { kind: 'signed_in' } | { kind: 'roles'; roles: Role[] };

/** Reachable without signing in (login, health). */
export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies Access);

/** Any signed-in user, whatever their roles. */
export const SignedIn = () => SetMetadata(ACCESS_KEY, { kind: 'signed_in' } satisfies Access);

/** Signed-in users holding at least one of these roles. */
export const Roles = (...roles: Role[]) =>
  SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies Access);
