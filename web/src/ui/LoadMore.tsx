/** What LoadMore needs of an infinite query (TanStack's useInfiniteQuery result). */
interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/**
 * The button under a paged list that fetches its next page: absent on the last page, and
 * disabled while a page is on its way so a second click cannot ask for the same page twice.
 */
export function LoadMore({ pages, label = 'Load more' }: { pages: PagedQuery; label?: string }) {
  if (!pages.hasNextPage) return null;
  return (
    <button
      type="button"
      className="btn btn-secondary"
      disabled={pages.isFetchingNextPage}
      onClick={() => void pages.fetchNextPage()}
    >
      {pages.isFetchingNextPage ? 'Loading…' : label}
    </button>
  );
}
