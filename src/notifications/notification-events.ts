import type { NotificationKind, ReviewStage, Role } from '../db/schema/index.js';
import { STAGE_ROLE } from '../posts/post-lifecycle.js';

/** The parts of an audit row the fan-out reads. */
export interface AuditFact {
  id: number;
  at: Date;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  after: unknown;
}

/** Who hears of an event, before preferences. */
export type Audience =
  /** The post's author and last reviser. */
  | { kind: 'post_people' }
  /** The post's people and whoever last scheduled it: they decide what happens next. */
  | { kind: 'post_people_and_scheduler' }
  /** Everyone holding one of these roles, except the post's author and last reviser (four eyes). */
  | { kind: 'reviewers'; roles: Role[] }
  | { kind: 'admins' };

export interface NotificationEvent {
  kind: NotificationKind;
  postId: string | null;
  channelId: string | null;
  audience: Audience;
}

/** Which audit actions become which notification kind, and who hears of them. */
export const ACTION_KINDS: Readonly<Record<string, NotificationKind>> = {
  'post.submitted': 'review_requested',
  'post.review.request_changes': 'changes_requested',
  'post.review.reject': 'rejected',
  'post.review.approve': 'approved',
  'post.scheduled': 'scheduled',
  'post.rescheduled': 'scheduled',
  'post.published': 'published',
  'post.resolved_published': 'published',
  'post.failed': 'failed',
  'post.held': 'held',
  'post.unknown': 'unknown',
  'channel.needs_reconnect': 'channel_needs_reconnect',
  'post.withdrawn': 'quote_retracted',
  'post.retraction_flagged': 'quote_retracted',
};

export const WATCHED_ACTIONS = Object.keys(ACTION_KINDS);

const field = (after: unknown, name: string): unknown =>
  typeof after === 'object' && after !== null
    ? (after as Record<string, unknown>)[name]
    : undefined;

const isStage = (s: unknown): s is ReviewStage => typeof s === 'string' && s in STAGE_ROLE;

/** What an audit row means for notifications, or null when it means nothing to anyone. */
export function eventOf(row: AuditFact): NotificationEvent | null {
  const kind = ACTION_KINDS[row.action];
  if (!kind) return null;
  if (kind === 'channel_needs_reconnect')
    return { kind, postId: null, channelId: row.entityId, audience: { kind: 'admins' } };
  const post = { postId: row.entityId, channelId: null };
  switch (kind) {
    case 'review_requested': {
      const stages = field(row.after, 'requiredStages');
      const roles = Array.isArray(stages) ? stages.filter(isStage).map((s) => STAGE_ROLE[s]) : [];
      return { kind, ...post, audience: { kind: 'reviewers', roles: [...new Set(roles)] } };
    }
    // An approval of one stage while others are pending changes nothing the author waits for.
    case 'approved':
      return field(row.after, 'status') === 'approved'
        ? { kind, ...post, audience: { kind: 'post_people' } }
        : null;
    case 'quote_retracted':
      return { kind, ...post, audience: { kind: 'post_people' } };
    case 'failed':
    case 'held':
    case 'unknown':
      return { kind, ...post, audience: { kind: 'post_people_and_scheduler' } };
    default:
      return { kind, ...post, audience: { kind: 'post_people' } };
  }
}

export const KIND_LABELS: Readonly<Record<NotificationKind, string>> = {
  review_requested: 'Review requested',
  changes_requested: 'Changes requested',
  approved: 'Approved',
  rejected: 'Rejected',
  scheduled: 'Scheduled',
  published: 'Published',
  failed: 'Publishing failed',
  held: 'Held',
  unknown: 'Publication unconfirmed',
  channel_needs_reconnect: 'Channel needs reconnecting',
  quote_retracted: 'Quote withdrawn from use',
};

/** What the notification says, beyond its kind: never quote text, comments or reasons. */
const KIND_SENTENCES: Readonly<Record<NotificationKind, string>> = {
  review_requested: 'A post waits for your review',
  changes_requested: 'A reviewer asked for changes to a post',
  approved: 'A post was approved',
  rejected: 'A post was rejected',
  scheduled: 'A post was scheduled',
  published: 'A post was published',
  failed: 'A post could not be published',
  held: 'A post was held before publishing',
  unknown: 'A post was sent but the platform did not confirm it',
  channel_needs_reconnect: 'A channel needs reconnecting',
  quote_retracted: 'A quote used in a post was retracted or its consent withdrawn',
};

/**
 * The only text a notification, email or webhook carries besides ids and links. It is built from
 * the kind, the channel handle and the campaign name, none of which can carry a defector's
 * identifying detail; post text, quotes, review comments and failure reasons stay out because
 * they can.
 */
export function titleOf(
  kind: NotificationKind,
  context: { channelHandle: string | null; campaignName: string | null },
): string {
  const where = [
    context.channelHandle ? `@${context.channelHandle}` : null,
    context.campaignName ? `(${context.campaignName})` : null,
  ]
    .filter(Boolean)
    .join(' ');
  return where ? `${KIND_SENTENCES[kind]}: ${where}` : KIND_SENTENCES[kind];
}
