import { type Campaign, type Quote } from '../../../api/queries';
import { isRtlLanguage } from '../../../ui/format';
import { attribution } from '../../library/library-bits';

/** The quote as it goes into a post: quoted text, then who said it and where it was published. */
export function quotation(quote: Quote, useTranslation: boolean): string {
  const text = useTranslation && quote.translation ? quote.translation : quote.text;
  const language = useTranslation && quote.translation ? quote.translationLanguage : quote.language;
  return isRtlLanguage(language)
    ? `«${text}» — ${quote.defector.displayName}، ${quote.source.outlet}`
    : `“${text}” — ${attribution(quote)}`;
}

/**
 * Whether `quote` falls short of the campaign's minimum by the server's verification order
 * (weakest first; a level outside it, disputed or retracted, meets no minimum).
 */
export function belowMinimum(
  quote: Quote,
  campaign: Campaign | undefined,
  order: readonly string[] | undefined,
): boolean {
  if (!campaign || !order) return false;
  const minimum = order.indexOf(campaign.minimumVerification);
  return minimum !== -1 && order.indexOf(quote.verification) < minimum;
}
