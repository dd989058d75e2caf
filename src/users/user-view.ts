import type { UserRow } from '../auth/users.repository.js';
import type { Role } from '../db/schema/index.js';

/**
 * A user as admins see them and as the audit log records them: never a password hash or a
 * session. The API's user bodies are this view.
 */
export interface UserView {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  disabled: boolean;
  createdAt: string;
}

export const userView = (row: UserRow): UserView => ({
  id: row.id,
  email: row.email,
  displayName: row.displayName,
  roles: row.roles,
  disabled: row.disabledAt !== null,
  createdAt: row.createdAt.toISOString(),
});
