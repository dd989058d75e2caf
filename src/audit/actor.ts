/** Who caused a change: a user, or the system acting on a user's earlier decision. */
export interface Actor {
  id: string | null;
  label: string;
}

export const SYSTEM_ACTOR: Actor = { id: null, label: 'system' };
