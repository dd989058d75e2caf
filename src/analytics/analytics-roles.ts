import type { Role } from '../db/schema/index.js';

/** Who reads reports, objectives, the decision log and exports. */
export const ANALYTICS_READERS: readonly Role[] = ['analyst', 'editor', 'admin'];
/** Who sets objectives and records decisions. */
export const EVALUATION_EDITORS: readonly Role[] = ['editor', 'admin'];
