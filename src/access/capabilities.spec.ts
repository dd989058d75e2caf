import 'reflect-metadata';
import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import fc from 'fast-check';
import { DecisionsController } from '../analytics/decisions/decisions.controller.js';
import { ExportsController } from '../analytics/exports/exports.controller.js';
import { ObjectivesController } from '../analytics/objectives/objectives.controller.js';
import { ReportsController } from '../analytics/reports/reports.controller.js';
import { AuditController } from '../audit-log/audit-log.controller.js';
import { CampaignsController } from '../campaigns/campaigns.controller.js';
import { ChannelsController } from '../channels/channels.controller.js';
import { REVIEW_STAGES, ROLES, type Role } from '../db/schema/index.js';
import { DefectorsController } from '../library/defectors.controller.js';
import { IdentityCheckController } from '../library/identity-check.controller.js';
import { QuotesController } from '../library/quotes.controller.js';
import { SourcesController } from '../library/sources.controller.js';
import { ThemesController } from '../library/themes.controller.js';
import { PausesController } from '../pauses/pauses.controller.js';
import { PostsController } from '../posts/posts.controller.js';
import { PublishingController } from '../publishing/publishing.controller.js';
import { UsersController } from '../users/users.controller.js';
import { FunderPdfController } from '../analytics/funder-pdf/funder-pdf.controller.js';
import { type Access, ACCESS_KEY } from '../auth/access.decorators.js';
import {
  CAPABILITIES,
  CAPABILITY_ROLES,
  type Capability,
  capabilitiesOf,
  reviewStagesOf,
} from './capabilities.js';

const CONTROLLERS: Type[] = [
  AuditController,
  DecisionsController,
  ExportsController,
  ObjectivesController,
  ReportsController,
  CampaignsController,
  ChannelsController,
  DefectorsController,
  FunderPdfController,
  IdentityCheckController,
  PausesController,
  PostsController,
  PublishingController,
  QuotesController,
  SourcesController,
  ThemesController,
  UsersController,
];

const joinPath = (...parts: string[]) =>
  '/' +
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');

/** "POST /api/posts/:id/schedule" -> its access declaration, read from Nest's route metadata. */
function guardedRoutes(): Map<string, Access> {
  const routes = new Map<string, Access>();
  for (const controller of CONTROLLERS) {
    const base = Reflect.getMetadata(PATH_METADATA, controller) as string;
    // As the guard reads it: the handler's declaration, else the controller's.
    const declared = Reflect.getMetadata(ACCESS_KEY, controller) as Access | undefined;
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      const access = (Reflect.getMetadata(ACCESS_KEY, handler) as Access | undefined) ?? declared;
      if (path === undefined || !access) continue;
      const verb = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      routes.set(`${verb} ${joinPath(base, path)}`, access);
    }
  }
  return routes;
}

/**
 * The endpoints each capability stands for. A capability decided inside a service (not by a
 * route guard) names the list that service checks instead.
 */
const ENDPOINTS: Record<Capability, string[]> = {
  composePosts: ['POST /api/posts', 'PUT /api/posts/:id', 'POST /api/posts/:id/submit'],
  reviewPosts: ['POST /api/posts/:id/reviews', 'GET /api/posts/review-queue'],
  schedulePosts: ['POST /api/posts/:id/schedule', 'POST /api/posts/held/reschedule'],
  commentOnPosts: ['POST /api/posts/:id/comments'],
  checkIdentity: ['POST /api/library/identity-check'],
  clearIdentityMatches: ['POST /api/posts/:id/identity-clearances'],
  managePauses: ['POST /api/pauses', 'PATCH /api/pauses/:id', 'DELETE /api/pauses/:id'],
  contributeToLibrary: [
    'POST /api/library/quotes',
    'POST /api/library/quotes/import',
    'POST /api/library/sources',
  ],
  editQuotes: ['PATCH /api/library/quotes/:id', 'PATCH /api/library/defectors/:id'],
  vetQuotes: ['POST /api/library/quotes/:id/vetting', 'POST /api/library/quotes/:id/verification'],
  reviewQuotesLegally: ['POST /api/library/quotes/:id/legal-review'],
  // Checked in QuoteVettingService with SAFETY_REVIEWERS, the list this capability is.
  acknowledgeIdentityMatches: [],
  retractQuotes: ['POST /api/library/quotes/:id/retract'],
  changeConsent: ['POST /api/library/defectors/:id/consent'],
  // Checked in DefectorsService with PRIVACY_GUARDIANS, the list this capability is.
  withdrawConsent: [],
  seeIdentifyingDetails: [
    'GET /api/library/defectors/:id/identifying-details',
    'POST /api/library/defectors/:id/identifying-details',
  ],
  readAnalytics: [
    'GET /api/analytics/report',
    'GET /api/analytics/timeseries',
    'GET /api/analytics/compare',
    'GET /api/analytics/top-posts',
    'GET /api/analytics/campaigns/:id/objectives',
    'GET /api/analytics/decisions',
    'GET /api/analytics/report.csv',
    'GET /api/analytics/posts.csv',
    'GET /api/analytics/campaigns/:id/funder-report',
    'GET /api/analytics/campaigns/:id/funder-report.pdf',
  ],
  recordEvaluation: [
    'POST /api/analytics/campaigns/:id/objectives',
    'PATCH /api/analytics/objectives/:id',
    'DELETE /api/analytics/objectives/:id',
    'POST /api/analytics/campaigns/:id/decisions',
  ],
  administer: [
    'POST /api/users',
    'POST /api/channels',
    'POST /api/campaigns',
    'POST /api/library/themes',
    'GET /api/audit-events',
  ],
};

const sorted = (roles: readonly Role[]) => [...roles].sort();

describe('capabilities', () => {
  const routes = guardedRoutes();

  it.each(CAPABILITIES)('%s names the roles its endpoints admit', (capability) => {
    for (const endpoint of ENDPOINTS[capability]) {
      const access = routes.get(endpoint);
      expect({ endpoint, access }).toEqual({
        endpoint,
        access: { kind: 'roles', roles: expect.any(Array) },
      });
      if (access?.kind !== 'roles') continue;
      expect({ endpoint, roles: sorted(access.roles) }).toEqual({
        endpoint,
        roles: sorted(CAPABILITY_ROLES[capability]),
      });
    }
  });

  it('lets an analyst read the evaluation and nothing else, with no review stage', () => {
    const granted = Object.entries(capabilitiesOf(['analyst'])).filter(([, may]) => may);
    expect(granted.map(([capability]) => capability)).toEqual(['readAnalytics']);
    expect(reviewStagesOf(['analyst'])).toEqual([]);
  });

  it('lets an admin administer but review no post stage and vet no quote', () => {
    const admin = capabilitiesOf(['admin']);
    expect(admin).toMatchObject({
      administer: true,
      seeIdentifyingDetails: true,
      reviewPosts: false,
      vetQuotes: false,
      composePosts: false,
    });
    expect(reviewStagesOf(['admin'])).toEqual([]);
  });

  it('gives each reviewer role its own stage', () => {
    expect(reviewStagesOf(['editor'])).toEqual(['editorial']);
    expect(reviewStagesOf(['safety_reviewer', 'legal_reviewer'])).toEqual(['safety', 'legal']);
  });

  it('grants several roles exactly what each of them grants', () => {
    const roleSets = fc.uniqueArray(fc.constantFrom(...ROLES));
    fc.assert(
      fc.property(roleSets, (roles) => {
        const together = capabilitiesOf(roles);
        for (const capability of CAPABILITIES) {
          const anyAlone = roles.some((role) => capabilitiesOf([role])[capability]);
          expect(together[capability]).toBe(anyAlone);
        }
        expect(reviewStagesOf(roles)).toEqual(
          REVIEW_STAGES.filter((stage) =>
            roles.some((role) => reviewStagesOf([role]).includes(stage)),
          ),
        );
      }),
    );
  });
});
