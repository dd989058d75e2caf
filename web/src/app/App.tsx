import { lazy, type ReactNode, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { ImportQuotes } from '../screens/library/ImportQuotes';
import { QuoteForm } from '../screens/library/QuoteForm';
import { QuoteList } from '../screens/library/QuoteList';
import { QuotePage } from '../screens/library/QuotePage';
import { DefectorPage } from '../screens/library/defector/DefectorPage';
import { PostList } from '../screens/posts/PostList';
import { ReviewQueue } from '../screens/posts/ReviewQueue';
import { NotificationPreferences } from '../screens/notifications/NotificationPreferences';
import { Notifications } from '../screens/notifications/Notifications';
import { Preferences } from '../screens/me/Preferences';
import { SandboxFeed } from '../screens/SandboxFeed';
import { Settings } from '../screens/settings/Settings';
import { SignIn } from '../screens/SignIn';
import { Today } from '../screens/Today';
import { ErrorState, Loading } from '../ui/states';
import { Layout, NotAllowed, SETTINGS_NEEDS } from './Layout';
import { type Capability, SessionProvider, useCan, useSessionQuery } from './session';

// The calendar and the editors carry FullCalendar and twitter-text: loaded when first opened.
const Calendar = lazy(() => import('../screens/Calendar').then((m) => ({ default: m.Calendar })));
const Compose = lazy(() =>
  import('../screens/posts/Compose').then((m) => ({ default: m.Compose })),
);
const PostPage = lazy(() =>
  import('../screens/posts/PostPage').then((m) => ({ default: m.PostPage })),
);
const Analytics = lazy(() =>
  import('../screens/analytics/Analytics').then((m) => ({ default: m.Analytics })),
);
const FunderReport = lazy(() =>
  import('../screens/analytics/FunderReport').then((m) => ({ default: m.FunderReport })),
);

/** The screen if the user holds any capability it `needs`, else a refusal. */
function Allowed({ needs, children }: { needs: Capability[]; children: ReactNode }) {
  return useCan(...needs) ? children : <NotAllowed />;
}

function NotFound() {
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>The address does not match any screen.</p>
    </div>
  );
}

export function App() {
  const session = useSessionQuery();
  if (session.isPending) return <Loading label="Starting Countervoice…" />;
  if (session.isError)
    return <ErrorState error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) return <SignIn />;
  return (
    <SessionProvider me={session.data}>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<Today />} />
            <Route path="library" element={<QuoteList />} />
            <Route
              path="library/new"
              element={
                <Allowed needs={['contributeToLibrary']}>
                  <QuoteForm />
                </Allowed>
              }
            />
            <Route
              path="library/import"
              element={
                <Allowed needs={['contributeToLibrary']}>
                  <ImportQuotes />
                </Allowed>
              }
            />
            <Route path="library/:id" element={<QuotePage />} />
            <Route path="library/defectors/:id" element={<DefectorPage />} />
            <Route
              path="library/:id/edit"
              element={
                <Allowed needs={['editQuotes']}>
                  <QuoteForm />
                </Allowed>
              }
            />
            <Route
              path="compose"
              element={
                <Allowed needs={['composePosts']}>
                  <Compose />
                </Allowed>
              }
            />
            <Route
              path="posts/:id/edit"
              element={
                <Allowed needs={['composePosts']}>
                  <Compose />
                </Allowed>
              }
            />
            <Route path="posts" element={<PostList />} />
            <Route path="posts/:id" element={<PostPage />} />
            <Route
              path="review"
              element={
                <Allowed needs={['reviewPosts']}>
                  <ReviewQueue />
                </Allowed>
              }
            />
            <Route
              path="analytics"
              element={
                <Allowed needs={['readAnalytics']}>
                  <Analytics />
                </Allowed>
              }
            />
            <Route
              path="analytics/report/:campaignId"
              element={
                <Allowed needs={['readAnalytics']}>
                  <FunderReport />
                </Allowed>
              }
            />
            <Route path="calendar" element={<Calendar />} />
            <Route path="feed" element={<SandboxFeed />} />
            <Route path="notifications" element={<Notifications />} />
            <Route path="notifications/preferences" element={<NotificationPreferences />} />
            <Route
              path="settings/*"
              element={
                <Allowed needs={SETTINGS_NEEDS}>
                  <Settings />
                </Allowed>
              }
            />
            <Route path="preferences" element={<Preferences />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </Suspense>
    </SessionProvider>
  );
}
