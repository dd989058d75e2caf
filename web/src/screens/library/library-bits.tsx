import type { Schemas } from '../../api/client';
import { enumValues } from '../../api/enums';
import { RiskBadge, VerificationBadge, VettingBadge, Badge } from '../../ui/badges';
import { humanize, isRtlLanguage } from '../../ui/format';

export type QuoteView = Schemas['QuoteDto'];

export const VERIFICATIONS = enumValues<QuoteView['verification']>()(
  'unverified',
  'single_source',
  'corroborated',
  'disputed',
  'retracted',
);
export const SETTABLE_VERIFICATIONS = enumValues<Schemas['CreateQuoteDto']['verification']>()(
  'unverified',
  'single_source',
  'corroborated',
  'disputed',
);
export const IDENTITY_RISKS = enumValues<QuoteView['identityRisk']>()('low', 'medium', 'high');
export const IDENTITY_RISK_FLAGS = enumValues<QuoteView['identityRiskFlags'][number]>()(
  'name',
  'age',
  'hometown',
  'family',
  'unit',
  'location',
  'face',
);
export const LEGAL_FLAGS = enumValues<QuoteView['legalFlags'][number]>()(
  'ongoing_prosecution',
  'admitted_crime',
);
export const SENSITIVITY_FLAGS = enumValues<QuoteView['sensitivityFlags'][number]>()(
  'graphic_violence',
  'sexual_violence',
);
export const VETTING_STATUSES = enumValues<QuoteView['vetting']['status']>()(
  'pending',
  'vetted',
  'rejected',
);

const UNUSABLE: Record<QuoteView['unusableReasons'][number], string> = {
  not_vetted: 'not vetted yet',
  rejected: 'rejected in vetting',
  disputed: 'disputed',
  retracted: 'retracted',
  consent_withdrawn: 'consent withdrawn',
  below_minimum_verification: 'below the campaign’s minimum verification',
};

function UsableBadge({ quote }: { quote: QuoteView }) {
  return quote.usable ? (
    <Badge tone="good">usable</Badge>
  ) : (
    <Badge tone="neutral">{`not usable: ${quote.unusableReasons.map((r) => UNUSABLE[r]).join(', ')}`}</Badge>
  );
}

/** “Text” — Name, Outlet: how a quote is cited in a post. */
export function attribution(quote: QuoteView): string {
  return `${quote.defector.displayName}, ${quote.source.outlet}`;
}

export function QuoteText({ quote, clamp = false }: { quote: QuoteView; clamp?: boolean }) {
  return (
    <blockquote
      className={`quote-text ${clamp ? 'clamp' : ''}`}
      dir="auto"
      lang={quote.language}
      style={isRtlLanguage(quote.language) ? { textAlign: 'start' } : undefined}
    >
      {quote.text}
    </blockquote>
  );
}

export function QuoteBadges({ quote }: { quote: QuoteView }) {
  return (
    <div className="chips">
      <VettingBadge value={quote.vetting.status} />
      <VerificationBadge value={quote.verification} />
      <RiskBadge value={quote.identityRisk} />
      {quote.legalFlags.map((f) => (
        <Badge key={f} tone="danger">
          {`legal: ${humanize(f)}`}
        </Badge>
      ))}
      {quote.sensitivityFlags.map((f) => (
        <Badge key={f} tone="warn">
          {humanize(f)}
        </Badge>
      ))}
      <UsableBadge quote={quote} />
    </div>
  );
}
