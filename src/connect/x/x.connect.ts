import type { PlatformConnectFlow } from '../connect-flow.js';
import { PendingXAuthorizations } from './pending-x-authorizations.js';
import { XConnectController } from './x-connect.controller.js';
import { XConnectService } from './x-connect.service.js';

/** OAuth 2.0 with PKCE or OAuth 1.0a three-legged, confirmed through GET /2/users/me. */
export const xConnectFlow: PlatformConnectFlow = {
  platform: 'x',
  providers: [PendingXAuthorizations, XConnectService],
  controllers: [XConnectController],
};
