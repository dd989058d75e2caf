import { lazy, Suspense } from 'react';

// Loaded after the first page: Today is what everyone opens first, and only readers of the
// evaluation see this block.
const ObjectiveStates = lazy(() => import('./ObjectiveStates'));

/** Each active campaign's objective states, compact, on Today. */
export function CampaignObjectives() {
  return (
    <Suspense fallback={null}>
      <ObjectiveStates />
    </Suspense>
  );
}
