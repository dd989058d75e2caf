import type { Role } from '../db/schema/index.js';

/** Known demo accounts, one per role; only ever created when DEMO_MODE is on. */
export const DEMO_PASSWORD = 'countervoice-demo';

export const DEMO_USERS: ReadonlyArray<{ email: string; displayName: string; roles: Role[] }> = [
  { email: 'admin@demo.countervoice.test', displayName: 'Ada Admin', roles: ['admin'] },
  { email: 'author@demo.countervoice.test', displayName: 'Amal Author', roles: ['author'] },
  { email: 'editor@demo.countervoice.test', displayName: 'Eli Editor', roles: ['editor'] },
  {
    email: 'safety@demo.countervoice.test',
    displayName: 'Sami Safety',
    roles: ['safety_reviewer'],
  },
  { email: 'legal@demo.countervoice.test', displayName: 'Lina Legal', roles: ['legal_reviewer'] },
  { email: 'analyst@demo.countervoice.test', displayName: 'Ari Analyst', roles: ['analyst'] },
];
