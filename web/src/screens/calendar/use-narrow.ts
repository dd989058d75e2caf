import { useSyncExternalStore } from 'react';

/** Phones: below this width the week grid cannot fit, so the calendar is its list. */
const NARROW = '(max-width: 720px)';

const subscribe = (onChange: () => void) => {
  const query = window.matchMedia(NARROW);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
};

export function useNarrow(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(NARROW).matches);
}
