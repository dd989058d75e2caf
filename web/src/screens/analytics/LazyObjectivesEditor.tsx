import { lazy, Suspense } from 'react';
import type { Campaign } from '../../api/queries';
import { Loading } from '../../ui/states';

// The settings screens are in the first page's bundle; the editor arrives when first opened.
const ObjectivesEditor = lazy(() => import('./ObjectivesEditor'));

/** The campaign editor's Objectives section. */
export function CampaignObjectivesEditor({ campaign }: { campaign: Campaign }) {
  return (
    <Suspense fallback={<Loading />}>
      <ObjectivesEditor campaign={campaign} />
    </Suspense>
  );
}
