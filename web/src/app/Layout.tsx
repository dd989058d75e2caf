import { useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { usePageTitleAndFocus } from './page-title';
import { NotificationBell } from '../screens/notifications/NotificationBell';
import { RoleBadge } from '../ui/badges';
import { PauseAllButton, PauseBanner } from './PauseBanner';
import { type Capability, useMe, useSignOut } from './session';

interface NavItem {
  to: string;
  label: string;
  /** Shown to holders of any of these capabilities; to everyone when absent. */
  needs?: Capability[];
  end?: boolean;
}

/** Settings hold pauses (editors and admins) and the admin screens. */
export const SETTINGS_NEEDS: Capability[] = ['managePauses', 'administer'];

const NAV: NavItem[] = [
  { to: '/', label: 'Today', end: true },
  { to: '/library', label: 'Quote library' },
  { to: '/compose', label: 'Compose', needs: ['composePosts'] },
  { to: '/review', label: 'Review', needs: ['reviewPosts'] },
  { to: '/posts', label: 'Posts' },
  { to: '/calendar', label: 'Calendar' },
  { to: '/analytics', label: 'Analytics', needs: ['readAnalytics'] },
  { to: '/feed', label: 'Sandbox feed' },
  { to: '/settings', label: 'Settings', needs: SETTINGS_NEEDS },
];

function UserMenu() {
  const me = useMe();
  const signOut = useSignOut();
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  // An open menu closes on Escape (focus goes back to its button) and on a click outside it.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);
  return (
    <div className="user-menu" ref={menu}>
      <button
        ref={button}
        type="button"
        className="user-menu-button"
        aria-expanded={open}
        aria-controls="user-menu-panel"
        onClick={() => setOpen(!open)}
      >
        <span className="avatar" aria-hidden="true">
          {me.displayName.slice(0, 1).toUpperCase()}
        </span>
        <span className="user-name">{me.displayName}</span>
      </button>
      {open && (
        <div id="user-menu-panel" className="user-menu-panel">
          <div className="user-menu-who">
            <strong>{me.displayName}</strong>
            <span className="muted">{me.email}</span>
          </div>
          <div className="chips" aria-label="Your roles">
            {me.roles.map((role) => (
              <RoleBadge key={role} role={role} />
            ))}
          </div>
          <Link
            to="/preferences"
            className="btn btn-secondary btn-block"
            onClick={() => setOpen(false)}
          >
            Your preferences
          </Link>
          <button
            type="button"
            className="btn btn-secondary btn-block"
            onClick={() => signOut.mutate()}
            disabled={signOut.isPending}
          >
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}

export function Layout() {
  const me = useMe();
  const [navOpen, setNavOpen] = useState(false);
  const main = useRef<HTMLElement>(null);
  usePageTitleAndFocus(main);
  const items = NAV.filter((item) => !item.needs || item.needs.some((c) => me.capabilities[c]));
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <button
          type="button"
          className="btn-icon nav-toggle"
          aria-label="Menu"
          aria-expanded={navOpen}
          aria-controls="primary-nav"
          onClick={() => setNavOpen(!navOpen)}
        >
          ☰
        </button>
        <NavLink to="/" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">Countervoice</span>
        </NavLink>
        <div className="topbar-actions">
          <PauseAllButton />
          <NotificationBell />
          <UserMenu />
        </div>
      </header>
      <PauseBanner />
      <div className="body">
        <nav id="primary-nav" className={`sidenav ${navOpen ? 'open' : ''}`} aria-label="Main">
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end} onClick={() => setNavOpen(false)}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1} ref={main}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}

/** Shown in place of a screen the user's roles do not cover. */
export function NotAllowed() {
  return (
    <div className="page">
      <h1>Not available to your roles</h1>
      <p>Ask an admin if you need access to this screen.</p>
    </div>
  );
}
