import type { PlatformConnectFlow } from './connect-flow.js';
import { xConnectFlow } from './x/x.connect.js';

/**
 * Every platform's connect flow. Adding one: its folder, and one line here; a platform whose
 * definition declares no connect flow (`connect.kind: 'none'`) has none.
 */
export const CONNECT_FLOWS: readonly PlatformConnectFlow[] = [xConnectFlow];
