import {
  type IdentityRisk,
  REVIEW_STAGES,
  type PostStatus,
  type ReviewStage,
  type Role,
} from '../db/schema/index.js';
import { type DomainError, refused } from '../common/domain-errors.js';

/**
 * Everything that moves a post. People act through the API; the system acts for them
 * (publishing worker, reconciler, retraction propagation) but never on its own judgement.
 */
export const POST_ACTIONS = [
  'submit',
  'request_changes',
  'reject',
  'approve_stage',
  'complete_review',
  'edit',
  'schedule',
  'reschedule',
  'request_timing',
  'cancel',
  'withdraw',
  'claim',
  'defer',
  'publish_succeeded',
  'publish_failed',
  'publish_unknown',
  'resolve_published',
  'resolve_absent',
  'hold',
  'retract',
] as const;
export type PostAction = (typeof POST_ACTIONS)[number];

/** Who attempts a transition: a person with their roles, or the system. */
export type PostActor = { kind: 'user'; roles: readonly Role[] } | { kind: 'system' };

/** Why a transition is refused: the actor may not take it, or the post's state does not allow it. */
export type RefusedTransitionKind = 'forbidden' | 'conflict';

/**
 * A status the transition table gave out. Every status write takes one (the status-write scanner
 * in test/architecture checks it), so no code can move a post the table does not allow.
 */
export type TableStatus = PostStatus & { readonly __fromTransitionTable: true };

/** The status every post starts in: a draft. */
export const NEW_POST_STATUS = 'draft' as TableStatus;

export type Decision =
  { ok: true; next: TableStatus } | { ok: false; kind: RefusedTransitionKind; reason: string };

/** What a transition may depend on besides the status: segments already live on the platform. */
export interface PostFacts {
  /** How many segments of the post are live on the platform (its saved external ids). */
  liveSegments: number;
}

type Performers = 'system' | readonly Role[];

/**
 * `live`: only while segments are live (something to delete); `nothing_live`: only while none are
 * (a post with live segments must stay where they can be seen and deleted).
 */
type Requirement = 'live' | 'nothing_live';

interface Transition {
  action: PostAction;
  from: readonly PostStatus[];
  to: PostStatus;
  by: Performers;
  requires?: Requirement;
}

const DRAFTERS: readonly Role[] = ['author', 'editor'];
const EDITORS: readonly Role[] = ['editor'];
// Which stage a reviewer may act on is checked by canApproveStage / canReviewStage.
const REVIEWERS: readonly Role[] = ['editor', 'safety_reviewer', 'legal_reviewer'];

/**
 * THE transition table. A (status, action) pair missing here is refused for everyone.
 * Choices beyond the DESIGN.md diagram:
 * - approve_stage records one stage and keeps the post in review; the service applies
 *   complete_review (system) once every required stage is approved for the current revision.
 * - any author or editor may edit or submit any post (the team drafts together); four-eyes is
 *   enforced at approval, which is where it matters.
 * - edit from rejected or failed reopens the post as a draft; edit anywhere before publishing
 *   makes a new revision and voids approvals, so the result is always draft.
 * - request_timing changes the time an author asks for until an editor places the post; it is
 *   not content, so the post keeps its status and approvals.
 * - authors and editors may cancel (discard) a post that was never approved; only editors cancel
 *   one that was.
 * - failed (the platform refused) can be rescheduled by an editor once the cause is fixed
 *   outside the content (e.g. a reconnected channel); the approval still binds the content.
 * - defer (system) puts a due post back to scheduled at a later time: a deferring blackout,
 *   spacing or cap at claim time, or a 429 / refused connection, where X did not accept it.
 * - unknown and publishing cannot be withdrawn: the post may be live, so the reconciler
 *   resolves it first.
 * - hold also applies to a claimed post whose claim-time checks fail before anything is sent
 *   (a pause, a blackout, a quote that became unusable), and to a thread whose re-check before a
 *   later segment fails; publish_failed also ends an unknown post the platform refused as a
 *   duplicate when the text is provably absent from the account.
 * - a post with live segments (a thread stopped part-way) is never put where they could not be
 *   deleted: edit and cancel wait until an editor has retracted them, and retract (delete every
 *   live segment from the platform) applies to published posts and to held, failed, withdrawn
 *   or scheduled (deferred) posts with live segments. Not to unknown or publishing ones: the
 *   reconciler first settles which segments are live, then retract applies to where it lands.
 */
const TRANSITIONS: readonly Transition[] = [
  { action: 'submit', from: ['draft'], to: 'in_review', by: DRAFTERS },
  { action: 'request_changes', from: ['in_review'], to: 'draft', by: REVIEWERS },
  { action: 'reject', from: ['in_review'], to: 'rejected', by: REVIEWERS },
  { action: 'approve_stage', from: ['in_review'], to: 'in_review', by: REVIEWERS },
  { action: 'complete_review', from: ['in_review'], to: 'approved', by: 'system' },
  {
    action: 'edit',
    from: ['draft', 'in_review', 'rejected', 'approved'],
    to: 'draft',
    by: DRAFTERS,
  },
  {
    action: 'edit',
    from: ['scheduled', 'held', 'failed'],
    to: 'draft',
    by: DRAFTERS,
    requires: 'nothing_live',
  },
  { action: 'schedule', from: ['approved'], to: 'scheduled', by: EDITORS },
  { action: 'reschedule', from: ['scheduled', 'held', 'failed'], to: 'scheduled', by: EDITORS },
  // The requested time is metadata, not approved content: the status stays as it is.
  ...(['draft', 'in_review', 'rejected', 'approved'] as const).map((status): Transition => ({
    action: 'request_timing',
    from: [status],
    to: status,
    by: DRAFTERS,
  })),
  { action: 'cancel', from: ['draft', 'in_review', 'rejected'], to: 'cancelled', by: DRAFTERS },
  { action: 'cancel', from: ['approved'], to: 'cancelled', by: EDITORS },
  {
    action: 'cancel',
    from: ['scheduled', 'held', 'failed'],
    to: 'cancelled',
    by: EDITORS,
    requires: 'nothing_live',
  },
  {
    action: 'withdraw',
    from: ['draft', 'in_review', 'approved', 'rejected', 'scheduled', 'held', 'failed'],
    to: 'withdrawn',
    by: 'system',
  },
  { action: 'claim', from: ['scheduled'], to: 'publishing', by: 'system' },
  { action: 'defer', from: ['scheduled', 'publishing'], to: 'scheduled', by: 'system' },
  { action: 'publish_succeeded', from: ['publishing'], to: 'published', by: 'system' },
  { action: 'publish_failed', from: ['publishing', 'unknown'], to: 'failed', by: 'system' },
  { action: 'publish_unknown', from: ['publishing'], to: 'unknown', by: 'system' },
  { action: 'resolve_published', from: ['unknown'], to: 'published', by: 'system' },
  { action: 'resolve_absent', from: ['unknown'], to: 'scheduled', by: 'system' },
  { action: 'hold', from: ['scheduled', 'publishing'], to: 'held', by: 'system' },
  { action: 'retract', from: ['published'], to: 'deleted', by: EDITORS },
  {
    action: 'retract',
    from: ['scheduled', 'held', 'failed', 'withdrawn'],
    to: 'deleted',
    by: EDITORS,
    requires: 'live',
  },
];

const REQUIREMENT_REFUSAL: Record<Requirement, (post: string, done: string) => string> = {
  live: (post, done) => `${post} with nothing live on the platform cannot be ${done}`,
  nothing_live: (post, done) =>
    `${post} with segments live on the platform cannot be ${done} until an editor retracts them`,
};

const meets = (requires: Requirement | undefined, facts: PostFacts) =>
  requires === undefined ||
  (requires === 'live' ? facts.liveSegments > 0 : facts.liveSegments === 0);

const STATUS_PHRASE: Record<PostStatus, string> = {
  draft: 'A draft',
  in_review: 'A post in review',
  approved: 'An approved post',
  rejected: 'A rejected post',
  scheduled: 'A scheduled post',
  publishing: 'A post being published',
  published: 'A published post',
  failed: 'A failed post',
  unknown: 'A post whose publication is unconfirmed',
  held: 'A held post',
  withdrawn: 'A withdrawn post',
  cancelled: 'A cancelled post',
  deleted: 'A deleted post',
};

const ACTION_PHRASE: Record<PostAction, { done: string; doing: string }> = {
  submit: { done: 'submitted for review', doing: 'submit a post for review' },
  request_changes: { done: 'sent back for changes', doing: 'request changes to a post' },
  reject: { done: 'rejected', doing: 'reject a post' },
  approve_stage: { done: 'approved', doing: 'approve a review stage' },
  complete_review: { done: 'marked approved', doing: 'mark a post approved' },
  edit: { done: 'edited', doing: 'edit a post' },
  schedule: { done: 'scheduled', doing: 'schedule a post' },
  reschedule: { done: 'rescheduled', doing: 'reschedule a post' },
  request_timing: {
    // Refused only once the post is placed, so the refusal says whose the time is then.
    done: 'given a requested time: an editor sets its time when scheduling',
    doing: 'ask for a publishing time',
  },
  cancel: { done: 'cancelled', doing: 'cancel a post' },
  withdraw: { done: 'withdrawn', doing: 'withdraw a post' },
  claim: { done: 'claimed for publishing', doing: 'claim a post for publishing' },
  defer: { done: 'deferred', doing: 'defer a post' },
  publish_succeeded: { done: 'marked published', doing: 'mark a post published' },
  publish_failed: { done: 'marked failed', doing: 'mark a post failed' },
  publish_unknown: { done: 'marked unconfirmed', doing: 'mark a post unconfirmed' },
  resolve_published: { done: 'resolved as published', doing: 'resolve a post as published' },
  resolve_absent: { done: 'resolved as absent', doing: 'resolve a post as absent' },
  hold: { done: 'held', doing: 'hold a post' },
  retract: { done: 'retracted', doing: 'retract a post' },
};

const ROLE_NAME: Record<Role, string> = {
  author: 'author',
  editor: 'editor',
  safety_reviewer: 'safety reviewer',
  legal_reviewer: 'legal reviewer',
  analyst: 'analyst',
  admin: 'admin',
};
const plural = (role: Role) => `${ROLE_NAME[role]}s`;

const listOf = (words: readonly string[]) =>
  words.length <= 1
    ? (words[0] ?? '')
    : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;

const performs = (by: Performers, actor: PostActor) =>
  by === 'system'
    ? actor.kind === 'system'
    : actor.kind === 'user' && by.some((role) => actor.roles.includes(role));

const performerRefusal = (by: Performers, action: PostAction) => {
  const who = by === 'system' ? 'the system' : listOf(by.map(plural));
  return `Only ${who} can ${ACTION_PHRASE[action].doing}`;
};

/**
 * Whether `actor` may apply `action` to a post in `status`, and the status it leads to. `facts`
 * default to a post with nothing live; pass the post's own when it may have live segments.
 */
export function decide(
  status: PostStatus,
  action: PostAction,
  actor: PostActor,
  facts: PostFacts = { liveSegments: 0 },
): Decision {
  const rows = TRANSITIONS.filter((t) => t.action === action && t.from.includes(status));
  if (rows.length === 0) {
    return {
      ok: false,
      kind: 'conflict',
      reason: `${STATUS_PHRASE[status]} cannot be ${ACTION_PHRASE[action].done}`,
    };
  }
  const transition = rows.find((t) => meets(t.requires, facts));
  if (!transition) {
    return {
      ok: false,
      kind: 'conflict',
      reason: REQUIREMENT_REFUSAL[rows[0]!.requires!](
        STATUS_PHRASE[status],
        ACTION_PHRASE[action].done,
      ),
    };
  }
  if (!performs(transition.by, actor)) {
    return { ok: false, kind: 'forbidden', reason: performerRefusal(transition.by, action) };
  }
  return { ok: true, next: transition.to as TableStatus };
}

/** The facts `decide` needs of a stored post. */
export const factsOf = (post: { externalIds: readonly string[] }): PostFacts => ({
  liveSegments: post.externalIds.length,
});

/** The refusal a domain caller throws for a refused decision; the HTTP layer maps its kind. */
export function refusalOf(decision: Extract<Decision, { ok: false }>): DomainError {
  return refused(decision.kind, `${decision.reason}.`, { title: 'Transition refused' });
}

/** Applies `decide` and throws its refusal, or returns the status the post moves to. */
export function transitionOrThrow(
  status: PostStatus,
  action: PostAction,
  actor: PostActor,
  facts?: PostFacts,
): TableStatus {
  const decision = decide(status, action, actor, facts);
  if (!decision.ok) throw refusalOf(decision);
  return decision.next;
}

/**
 * What a batched status write needs of the table: every status `action` may start from, and the
 * status it leads to. Writers that change many rows in one statement (claims, stale-claim expiry,
 * withdrawal on retraction) put `from` in their WHERE clause and `to` in their SET, so their SQL
 * can never move a post the table does not allow. Only actions with one target qualify; rows that
 * depend on live segments leave that condition to the caller's WHERE.
 */
export function transitionFor(action: PostAction): {
  from: readonly TableStatus[];
  to: TableStatus;
  by: 'system' | readonly Role[];
} {
  const rows = TRANSITIONS.filter((t) => t.action === action);
  const targets = new Set(rows.map((t) => t.to));
  if (rows.length === 0 || targets.size !== 1)
    throw new Error(`${action} has ${targets.size} targets; batched writes need exactly one`);
  return {
    from: [...new Set(rows.flatMap((t) => t.from))] as TableStatus[],
    to: rows[0]!.to as TableStatus,
    by: rows[0]!.by,
  };
}

/** The actions `actor` may take on a post in `status`, in table order: what the UI offers. */
export function availableActions(
  status: PostStatus,
  actor: PostActor,
  facts?: PostFacts,
): PostAction[] {
  return POST_ACTIONS.filter((action) => decide(status, action, actor, facts).ok);
}

/** The role that reviews each stage; admin is deliberately not a reviewer of any. */
export const STAGE_ROLE: Record<ReviewStage, Role> = {
  editorial: 'editor',
  safety: 'safety_reviewer',
  legal: 'legal_reviewer',
};

export type StageCheck = { ok: true } | { ok: false; reason: string };

/** Whether someone with `principalRoles` may request changes or reject at `stage`. */
export function canReviewStage(input: {
  stage: ReviewStage;
  principalRoles: readonly Role[];
}): StageCheck {
  const role = STAGE_ROLE[input.stage];
  return input.principalRoles.includes(role)
    ? { ok: true }
    : { ok: false, reason: `Only ${plural(role)} can review the ${input.stage} stage` };
}

/** The four-eyes rule: a stage is approved by its role holder, never by the post's author or last reviser. */
export function canApproveStage(input: {
  stage: ReviewStage;
  principalUserId: string;
  principalRoles: readonly Role[];
  authorId: string;
  lastReviserId: string;
}): StageCheck {
  const role = STAGE_ROLE[input.stage];
  if (!input.principalRoles.includes(role)) {
    return { ok: false, reason: `Only ${plural(role)} can approve the ${input.stage} stage` };
  }
  return fourEyes(input, `another ${ROLE_NAME[role]} must approve the ${input.stage} stage`);
}

/**
 * The four-eyes rule for identity clearances: clearing an identifying detail decides, like an
 * approval, that the post may go out, so its author or last reviser never does it, whatever roles
 * they hold.
 */
export function canClearIdentity(input: {
  principalUserId: string;
  principalRoles: readonly Role[];
  authorId: string;
  lastReviserId: string;
}): StageCheck {
  if (!input.principalRoles.includes('safety_reviewer'))
    return { ok: false, reason: 'Only safety reviewers can clear identifying details' };
  return fourEyes(input, 'another safety reviewer must clear its identifying details');
}

function fourEyes(
  input: { principalUserId: string; authorId: string; lastReviserId: string },
  instead: string,
): StageCheck {
  if (input.principalUserId === input.authorId)
    return { ok: false, reason: `You wrote this post; ${instead}` };
  if (input.principalUserId === input.lastReviserId)
    return { ok: false, reason: `You last revised this post; ${instead}` };
  return { ok: true };
}

/** What review needs of a review row to tell whether it approves a revision. */
export interface ReviewOfRevision {
  stage: ReviewStage;
  revision: number;
  hash: string;
  decision: string;
}

/**
 * The stages approved for exactly this revision's content: a review of an earlier revision, or
 * of other content under the same number, does not count.
 */
export function approvedStagesOf(
  reviews: readonly ReviewOfRevision[],
  revision: { revision: number; hash: string },
): ReviewStage[] {
  return reviews
    .filter(
      (r) =>
        r.revision === revision.revision && r.hash === revision.hash && r.decision === 'approve',
    )
    .map((r) => r.stage);
}

/** What a linked quote tells review about the stages it needs. */
export interface QuoteReviewProfile {
  identityRisk: IdentityRisk;
  sensitivityFlags: readonly string[];
  legalFlags: readonly string[];
}

/**
 * The stages a post must pass, in review order: editorial always, the campaign policy's extras,
 * safety when a quote could identify someone or is graphic, legal when a quote carries legal flags.
 */
export function requiredStages(
  policyStages: readonly ReviewStage[],
  quotes: readonly QuoteReviewProfile[],
): ReviewStage[] {
  const needed = new Set<ReviewStage>(['editorial', ...policyStages]);
  if (quotes.some((q) => q.identityRisk !== 'low' || q.sensitivityFlags.length > 0)) {
    needed.add('safety');
  }
  if (quotes.some((q) => q.legalFlags.length > 0)) needed.add('legal');
  return REVIEW_STAGES.filter((stage) => needed.has(stage));
}
