import { POST_STATUSES, type PostStatus, type Role } from '../db/schema/index.js';
import {
  approvedStagesOf,
  availableActions,
  canApproveStage,
  canReviewStage,
  decide,
  POST_ACTIONS,
  type PostAction,
  type PostActor,
  requiredStages,
  transitionFor,
} from './post-lifecycle.js';

type Who = Role | 'system';

const DRAFTERS: Who[] = ['author', 'editor'];
const EDITOR: Who[] = ['editor'];
const REVIEWERS: Who[] = ['editor', 'safety_reviewer', 'legal_reviewer'];
const SYSTEM: Who[] = ['system'];

/** The lifecycle, written out independently of the implementation: every cell not listed is refused. */
const EXPECTED: Record<PostStatus, Partial<Record<PostAction, [PostStatus, Who[]]>>> = {
  draft: {
    submit: ['in_review', DRAFTERS],
    request_timing: ['draft', DRAFTERS],
    edit: ['draft', DRAFTERS],
    cancel: ['cancelled', DRAFTERS],
    withdraw: ['withdrawn', SYSTEM],
  },
  in_review: {
    request_changes: ['draft', REVIEWERS],
    reject: ['rejected', REVIEWERS],
    approve_stage: ['in_review', REVIEWERS],
    complete_review: ['approved', SYSTEM],
    edit: ['draft', DRAFTERS],
    request_timing: ['in_review', DRAFTERS],
    cancel: ['cancelled', DRAFTERS],
    withdraw: ['withdrawn', SYSTEM],
  },
  approved: {
    edit: ['draft', DRAFTERS],
    schedule: ['scheduled', EDITOR],
    request_timing: ['approved', DRAFTERS],
    cancel: ['cancelled', EDITOR],
    withdraw: ['withdrawn', SYSTEM],
  },
  rejected: {
    edit: ['draft', DRAFTERS],
    request_timing: ['rejected', DRAFTERS],
    cancel: ['cancelled', DRAFTERS],
    withdraw: ['withdrawn', SYSTEM],
  },
  scheduled: {
    edit: ['draft', DRAFTERS],
    reschedule: ['scheduled', EDITOR],
    cancel: ['cancelled', EDITOR],
    withdraw: ['withdrawn', SYSTEM],
    claim: ['publishing', SYSTEM],
    defer: ['scheduled', SYSTEM],
    hold: ['held', SYSTEM],
  },
  publishing: {
    defer: ['scheduled', SYSTEM],
    hold: ['held', SYSTEM],
    publish_succeeded: ['published', SYSTEM],
    publish_failed: ['failed', SYSTEM],
    publish_unknown: ['unknown', SYSTEM],
  },
  published: {
    retract: ['deleted', EDITOR],
  },
  failed: {
    edit: ['draft', DRAFTERS],
    reschedule: ['scheduled', EDITOR],
    cancel: ['cancelled', EDITOR],
    withdraw: ['withdrawn', SYSTEM],
  },
  unknown: {
    publish_failed: ['failed', SYSTEM],
    resolve_published: ['published', SYSTEM],
    resolve_absent: ['scheduled', SYSTEM],
  },
  held: {
    edit: ['draft', DRAFTERS],
    reschedule: ['scheduled', EDITOR],
    cancel: ['cancelled', EDITOR],
    withdraw: ['withdrawn', SYSTEM],
  },
  withdrawn: {},
  cancelled: {},
  deleted: {},
};

/**
 * The cells that differ for a post with segments live on the platform (a thread stopped part-way):
 * nothing may put it where they cannot be deleted, and an editor may delete them. `null`: refused.
 */
const WITH_LIVE_SEGMENTS: Partial<
  Record<PostStatus, Partial<Record<PostAction, [PostStatus, Who[]] | null>>>
> = {
  scheduled: { edit: null, cancel: null, retract: ['deleted', EDITOR] },
  held: { edit: null, cancel: null, retract: ['deleted', EDITOR] },
  failed: { edit: null, cancel: null, retract: ['deleted', EDITOR] },
  withdrawn: { retract: ['deleted', EDITOR] },
};

const ACTORS: Who[] = [
  'author',
  'editor',
  'safety_reviewer',
  'legal_reviewer',
  'analyst',
  'admin',
  'system',
];
const actorFor = (who: Who): PostActor =>
  who === 'system' ? { kind: 'system' } : { kind: 'user', roles: [who] };

const cells = POST_STATUSES.flatMap((status) =>
  POST_ACTIONS.flatMap((action) => ACTORS.map((who) => [status, action, who] as const)),
);

describe('post lifecycle transition table', () => {
  it('knows exactly the statuses of DESIGN.md', () => {
    expect([...POST_STATUSES].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(cells)('%s + %s by %s', (status, action, who) => {
    const decision = decide(status, action, actorFor(who));
    const cell = EXPECTED[status][action];
    if (cell && cell[1].includes(who)) {
      expect(decision).toEqual({ ok: true, next: cell[0] });
    } else if (cell) {
      expect(decision).toEqual({
        ok: false,
        kind: 'forbidden',
        reason: expect.stringMatching(/^Only /),
      });
    } else {
      expect(decision).toEqual({
        ok: false,
        kind: 'conflict',
        reason: expect.stringMatching(/ cannot be /),
      });
    }
  });

  it.each(cells)('%s + %s by %s, with segments live on the platform', (status, action, who) => {
    const decision = decide(status, action, actorFor(who), { liveSegments: 2 });
    const override = WITH_LIVE_SEGMENTS[status];
    const cell = override && action in override ? override[action] : EXPECTED[status][action];
    if (cell && cell[1].includes(who)) {
      expect(decision).toEqual({ ok: true, next: cell[0] });
    } else if (cell) {
      expect(decision).toMatchObject({ ok: false, kind: 'forbidden' });
    } else {
      expect(decision).toMatchObject({ ok: false, kind: 'conflict' });
    }
  });

  it('says why a post with live segments cannot be cancelled, and one without cannot be retracted', () => {
    const editor: PostActor = { kind: 'user', roles: ['editor'] };
    expect(decide('held', 'cancel', editor, { liveSegments: 1 })).toEqual({
      ok: false,
      kind: 'conflict',
      reason:
        'A held post with segments live on the platform cannot be cancelled until an editor retracts them',
    });
    expect(decide('failed', 'retract', editor)).toEqual({
      ok: false,
      kind: 'conflict',
      reason: 'A failed post with nothing live on the platform cannot be retracted',
    });
  });

  it('explains refusals in plain sentences', () => {
    const editor: PostActor = { kind: 'user', roles: ['editor'] };
    const author: PostActor = { kind: 'user', roles: ['author'] };
    expect(decide('published', 'submit', author)).toEqual({
      ok: false,
      kind: 'conflict',
      reason: 'A published post cannot be submitted for review',
    });
    expect(decide('approved', 'schedule', author)).toEqual({
      ok: false,
      kind: 'forbidden',
      reason: 'Only editors can schedule a post',
    });
    expect(decide('draft', 'submit', { kind: 'user', roles: ['analyst'] })).toEqual({
      ok: false,
      kind: 'forbidden',
      reason: 'Only authors or editors can submit a post for review',
    });
    expect(decide('in_review', 'approve_stage', { kind: 'user', roles: ['admin'] })).toEqual({
      ok: false,
      kind: 'forbidden',
      reason: 'Only editors, safety reviewers or legal reviewers can approve a review stage',
    });
    expect(decide('scheduled', 'claim', editor)).toEqual({
      ok: false,
      kind: 'forbidden',
      reason: 'Only the system can claim a post for publishing',
    });
    expect(decide('unknown', 'withdraw', { kind: 'system' })).toEqual({
      ok: false,
      kind: 'conflict',
      reason: 'A post whose publication is unconfirmed cannot be withdrawn',
    });
  });

  it('lets a person with several roles act on any of them', () => {
    const analystEditor: PostActor = { kind: 'user', roles: ['analyst', 'editor'] };
    expect(decide('approved', 'schedule', analystEditor)).toEqual({ ok: true, next: 'scheduled' });
    expect(decide('draft', 'submit', { kind: 'user', roles: [] })).toMatchObject({ ok: false });
  });

  it('does not treat admin as an editor or reviewer', () => {
    expect(availableActions('in_review', { kind: 'user', roles: ['admin'] })).toEqual([]);
    expect(availableActions('published', { kind: 'user', roles: ['admin'] })).toEqual([]);
  });

  it('lists the actions available to an actor', () => {
    expect(availableActions('scheduled', { kind: 'user', roles: ['editor'] })).toEqual([
      'edit',
      'reschedule',
      'cancel',
    ]);
    expect(availableActions('in_review', { kind: 'user', roles: ['author'] })).toEqual([
      'edit',
      'request_timing',
      'cancel',
    ]);
    expect(availableActions('publishing', { kind: 'system' })).toEqual([
      'defer',
      'publish_succeeded',
      'publish_failed',
      'publish_unknown',
      'hold',
    ]);
  });
});

describe('four-eyes approval (canApproveStage)', () => {
  const base = { authorId: 'u-author', lastReviserId: 'u-reviser' };

  it('lets a holder of the stage role who neither wrote nor last revised the post approve', () => {
    expect(
      canApproveStage({
        ...base,
        stage: 'editorial',
        principalUserId: 'u-3',
        principalRoles: ['editor'],
      }),
    ).toEqual({ ok: true });
    expect(
      canApproveStage({
        ...base,
        stage: 'safety',
        principalUserId: 'u-3',
        principalRoles: ['safety_reviewer'],
      }),
    ).toEqual({ ok: true });
    expect(
      canApproveStage({
        ...base,
        stage: 'legal',
        principalUserId: 'u-3',
        principalRoles: ['legal_reviewer'],
      }),
    ).toEqual({ ok: true });
  });

  it('refuses the author, even with the stage role', () => {
    expect(
      canApproveStage({
        ...base,
        stage: 'editorial',
        principalUserId: 'u-author',
        principalRoles: ['author', 'editor'],
      }),
    ).toEqual({
      ok: false,
      reason: 'You wrote this post; another editor must approve the editorial stage',
    });
  });

  it('refuses the last reviser, even with the stage role', () => {
    expect(
      canApproveStage({
        ...base,
        stage: 'safety',
        principalUserId: 'u-reviser',
        principalRoles: ['editor', 'safety_reviewer'],
      }),
    ).toEqual({
      ok: false,
      reason: 'You last revised this post; another safety reviewer must approve the safety stage',
    });
  });

  it.each([
    [
      'editorial',
      ['safety_reviewer', 'legal_reviewer', 'admin'],
      'Only editors can approve the editorial stage',
    ],
    ['safety', ['editor', 'admin'], 'Only safety reviewers can approve the safety stage'],
    [
      'legal',
      ['editor', 'safety_reviewer', 'admin'],
      'Only legal reviewers can approve the legal stage',
    ],
  ] as const)('refuses the %s stage to someone without its role', (stage, roles, reason) => {
    expect(
      canApproveStage({ ...base, stage, principalUserId: 'u-3', principalRoles: roles }),
    ).toEqual({
      ok: false,
      reason,
    });
  });
});

describe('canReviewStage', () => {
  it('lets only the stage role request changes or reject at that stage', () => {
    expect(canReviewStage({ stage: 'legal', principalRoles: ['legal_reviewer'] })).toEqual({
      ok: true,
    });
    expect(canReviewStage({ stage: 'legal', principalRoles: ['editor'] })).toEqual({
      ok: false,
      reason: 'Only legal reviewers can review the legal stage',
    });
  });
});

describe('requiredStages', () => {
  const quiet = { identityRisk: 'low', sensitivityFlags: [], legalFlags: [] } as const;

  it('always requires editorial review', () => {
    expect(requiredStages([], [])).toEqual(['editorial']);
    expect(requiredStages([], [quiet, quiet])).toEqual(['editorial']);
  });

  it('adds the stages the campaign policy asks for, in review order, once each', () => {
    expect(requiredStages(['legal', 'editorial', 'safety', 'legal'], [])).toEqual([
      'editorial',
      'safety',
      'legal',
    ]);
  });

  it.each(['medium', 'high'] as const)(
    'adds safety when a quote has %s identity risk',
    (identityRisk) => {
      expect(requiredStages([], [quiet, { ...quiet, identityRisk }])).toEqual([
        'editorial',
        'safety',
      ]);
    },
  );

  it('adds safety when a quote has a sensitivity flag', () => {
    expect(requiredStages([], [{ ...quiet, sensitivityFlags: ['graphic_violence'] }])).toEqual([
      'editorial',
      'safety',
    ]);
  });

  it('adds legal when a quote has a legal flag', () => {
    expect(requiredStages([], [{ ...quiet, legalFlags: ['ongoing_prosecution'] }])).toEqual([
      'editorial',
      'legal',
    ]);
  });

  it('combines quote-driven and policy stages without duplicates', () => {
    expect(
      requiredStages(
        ['safety'],
        [
          { ...quiet, identityRisk: 'high' },
          { ...quiet, legalFlags: ['admitted_crime'] },
        ],
      ),
    ).toEqual(['editorial', 'safety', 'legal']);
  });
});

describe('approvedStagesOf', () => {
  const revision = { revision: 2, hash: 'h2' };
  const review = (
    stage: 'editorial' | 'safety' | 'legal',
    at: number,
    hash: string,
    decision: string,
  ) => ({
    stage,
    revision: at,
    hash,
    decision,
  });

  it('counts only approvals of exactly this revision and content', () => {
    expect(
      approvedStagesOf(
        [
          review('editorial', 1, 'h1', 'approve'),
          review('safety', 2, 'h2', 'approve'),
          review('legal', 2, 'other', 'approve'),
          review('editorial', 2, 'h2', 'request_changes'),
        ],
        revision,
      ),
    ).toEqual(['safety']);
  });
});

describe('transitionFor', () => {
  it('gives batched writers every from-state of an action and its one target', () => {
    expect(transitionFor('claim')).toEqual({ from: ['scheduled'], to: 'publishing', by: 'system' });
    expect(transitionFor('withdraw').from).toEqual(
      expect.arrayContaining(['draft', 'in_review', 'approved', 'scheduled', 'held', 'failed']),
    );
    expect(transitionFor('withdraw').from).not.toContain('publishing');
    expect(transitionFor('cancel')).toMatchObject({ to: 'cancelled' });
  });

  it('gives retraction every state a post with live segments can rest in, never unknown or publishing', () => {
    expect([...transitionFor('retract').from].sort()).toEqual(
      ['failed', 'held', 'published', 'scheduled', 'withdrawn'].sort(),
    );
  });

  it('refuses actions whose target depends on the status', () => {
    expect(() => transitionFor('request_timing')).toThrow(/targets/);
  });
});
