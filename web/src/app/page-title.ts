import { type RefObject, useEffect, useRef } from 'react';
import { matchPath, useLocation } from 'react-router';

/** Each screen's document title, by route; the first pattern that matches wins. */
const TITLES: [pattern: string, title: string][] = [
  ['/', 'Today'],
  ['/library', 'Quote library'],
  ['/library/new', 'Add quote'],
  ['/library/import', 'Import quotes'],
  ['/library/:id/edit', 'Edit quote'],
  ['/library/defectors/:id', 'Defector'],
  ['/library/:id', 'Quote'],
  ['/compose', 'Compose'],
  ['/posts', 'Posts'],
  ['/posts/:id/edit', 'Edit post'],
  ['/posts/:id', 'Post'],
  ['/review', 'Review queue'],
  ['/calendar', 'Calendar'],
  ['/feed', 'Sandbox feed'],
  ['/notifications', 'Notifications'],
  ['/notifications/preferences', 'Notification settings'],
  ['/analytics', 'Analytics'],
  ['/analytics/report/:campaignId', 'Funder report'],
  ['/settings/campaigns', 'Campaigns · Settings'],
  ['/settings/channels', 'Channels · Settings'],
  ['/settings/pauses', 'Pauses and blackouts · Settings'],
  ['/settings/users', 'Users and roles · Settings'],
  ['/settings/audit', 'Audit log · Settings'],
  ['/settings/webhooks', 'Webhooks · Settings'],
  ['/settings/*', 'Settings'],
  ['/preferences', 'Your preferences'],
];

export function pageTitle(pathname: string): string {
  const found = TITLES.find(([pattern]) => matchPath(pattern, pathname));
  return `${found?.[1] ?? 'Page not found'} · Countervoice`;
}

/**
 * Gives every route its own document title and, after an in-app navigation, moves focus to the
 * new page's heading (once it has rendered), so screen-reader and keyboard users land on the page
 * they asked for instead of staying on the link they used.
 */
export function usePageTitleAndFocus(main: RefObject<HTMLElement | null>) {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    document.title = pageTitle(pathname);
    if (first.current) {
      first.current = false;
      return;
    }
    const root = main.current;
    if (!root) return;
    const focusHeading = () => {
      const heading = root.querySelector('h1');
      if (!heading) return false;
      heading.tabIndex = -1;
      heading.focus({ preventScroll: false });
      return true;
    };
    if (focusHeading()) return;
    // The heading of a screen that loads its data appears after the loading state.
    const observer = new MutationObserver(() => {
      if (focusHeading()) observer.disconnect();
    });
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [pathname, main]);
}
