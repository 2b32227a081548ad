// The header's engine and user: which engine this window talks to, who is signed in (name ·
// role) with a menu — Lock screen, Change password, Sign out. On an engine without users, a
// quiet note says anyone on this machine can operate, and links to creating the administrator.
import { lazy, Suspense, useCallback, useRef, useState } from 'react';
import { useAppStore } from '../store/app-store';
import { useAuthActions } from './auth-actions';

// The menu and what it opens are fetched the first time it is opened, not with the first view.
const UserMenu = lazy(() => import('./UserMenu').then((m) => ({ default: m.UserMenu })));

export function SessionBadge() {
  const auth = useAppStore((s) => s.auth);
  const actions = useAuthActions();
  const [open, setOpen] = useState(false);
  /** Once opened, the menu stays mounted (closed), so a dialog it opened outlives it. */
  const [used, setUsed] = useState(false);
  const badge = useRef<HTMLSpanElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(false), []);

  if (!auth) return null;
  const engine = (
    <span className="session-engine" data-testid="header-engine" title={`Watchfloor ${auth.engine.version}`}>
      {auth.engine.name}
    </span>
  );
  if (auth.mode === 'open' || !auth.user)
    return (
      <span className="session-badge">
        {engine}
        {auth.setup === 'available' && (
          <button
            type="button"
            className="session-open-note"
            onClick={() => actions?.openSetup()}
            data-testid="open-mode-note"
            title="No users: anyone on this machine can operate. Create the administrator (it needs the setup token printed on the engine’s console)"
          >
            No users<span className="session-open-note-more"> — anyone on this machine can operate</span>
          </button>
        )}
      </span>
    );

  const { user, session } = auth;
  return (
    <span className="session-badge" ref={badge}>
      {engine}
      <button
        ref={button}
        type="button"
        className="session-user"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => {
          setUsed(true);
          setOpen((o) => !o);
        }}
        data-testid="user-menu"
      >
        <span data-testid="header-user">{user.displayName || user.name}</span>
        <span className="session-role" data-testid="header-role">
          {user.role}
        </span>
      </button>
      {used && (
        <Suspense fallback={null}>
          <UserMenu
            user={user}
            session={session}
            actions={actions}
            open={open}
            onClose={close}
            anchor={badge}
            button={button}
          />
        </Suspense>
      )}
    </span>
  );
}
