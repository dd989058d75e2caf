import type { Schemas } from '../api/client';
import { humanize } from './format';

export type PostStatus = Schemas['PostDto']['status'];
export type Role = Schemas['MeDto']['roles'][number];

const STATUS_LABEL: Record<PostStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  approved: 'Approved',
  rejected: 'Rejected',
  scheduled: 'Scheduled',
  publishing: 'Publishing',
  published: 'Published',
  failed: 'Failed',
  unknown: 'Unconfirmed',
  held: 'Held',
  withdrawn: 'Withdrawn',
  cancelled: 'Cancelled',
  deleted: 'Deleted',
};

export const statusLabel = (status: PostStatus) => STATUS_LABEL[status];

export function StatusBadge({ status }: { status: PostStatus }) {
  return <span className={`badge status-${status}`}>{STATUS_LABEL[status]}</span>;
}

const ROLE_LABEL: Record<Role, string> = {
  author: 'Author',
  editor: 'Editor',
  safety_reviewer: 'Safety',
  legal_reviewer: 'Legal',
  analyst: 'Analyst',
  admin: 'Admin',
};

export const roleLabel = (role: Role) => ROLE_LABEL[role];

export function RoleBadge({ role }: { role: Role }) {
  return <span className={`badge role-badge role-${role}`}>{ROLE_LABEL[role]}</span>;
}

type Tone = 'neutral' | 'good' | 'warn' | 'danger' | 'info';

export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: string }) {
  return <span className={`badge tone-${tone}`}>{children}</span>;
}

export function Chips({ values, tone }: { values: readonly string[]; tone?: Tone }) {
  if (values.length === 0) return <span className="muted">none</span>;
  return (
    <span className="chips">
      {values.map((v) => (
        <Badge key={v} tone={tone}>
          {humanize(v)}
        </Badge>
      ))}
    </span>
  );
}

const VERIFICATION_TONE: Record<Schemas['QuoteDto']['verification'], Tone> = {
  unverified: 'warn',
  single_source: 'info',
  corroborated: 'good',
  disputed: 'danger',
  retracted: 'danger',
};

export function VerificationBadge({ value }: { value: Schemas['QuoteDto']['verification'] }) {
  return <Badge tone={VERIFICATION_TONE[value]}>{humanize(value)}</Badge>;
}

const RISK_TONE: Record<Schemas['QuoteDto']['identityRisk'], Tone> = {
  low: 'good',
  medium: 'warn',
  high: 'danger',
};

export function RiskBadge({ value }: { value: Schemas['QuoteDto']['identityRisk'] }) {
  return <Badge tone={RISK_TONE[value]}>{`${value} identity risk`}</Badge>;
}

const VETTING_TONE: Record<Schemas['QuoteDto']['vetting']['status'], Tone> = {
  pending: 'warn',
  vetted: 'good',
  rejected: 'danger',
};

export function VettingBadge({ value }: { value: Schemas['QuoteDto']['vetting']['status'] }) {
  return <Badge tone={VETTING_TONE[value]}>{value}</Badge>;
}
