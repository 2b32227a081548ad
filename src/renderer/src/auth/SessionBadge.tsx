// The header's engine and user: which engine this window talks to, who is signed in (name ·
// role) with a menu — Lock screen, Change password, Sign out. On an engine without users, a
// quiet note says anyone on this machine can operate, and links to creating the administrator.
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useAppStore } from '../store/app-store';
import { useAuthActions } from './auth-actions';

const ChangePasswordDialog = lazy(() =>
  import('./ChangePasswordDialog').then((m) => ({ default: m.ChangePasswordDialog })),
);

export function SessionBadge() {
  const auth = useAppStore((s) => s.auth);
  const actions = useAuthActions();
  const [open, setOpen] = useState(false);
  const [changing, setChanging] = useState(false);
  const menu = useRef<HTMLSpanElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    items()[0]?.focus();
    const onPointer = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node)) setOpen(false);
    };
    // The menu's keys: Escape closes it (the focus back on its button), ↑/↓ move between items.
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        setOpen(false);
        button.current?.focus();
        return;
      }
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      const list = items();
      const at = list.indexOf(document.activeElement as HTMLElement);
      if (at < 0) return;
      e.preventDefault();
      list[(at + (e.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length]?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

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
  const run = (what: () => void) => () => {
    setOpen(false);
    what();
  };
  return (
    <span className="session-badge" ref={menu}>
      {engine}
      <button
        ref={button}
        type="button"
        className="session-user"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        data-testid="user-menu"
      >
        <span data-testid="header-user">{user.displayName || user.name}</span>
        <span className="session-role" data-testid="header-role">
          {user.role}
        </span>
      </button>
      {open && (
        <div className="session-menu" role="menu" data-testid="user-menu-list">
          <p className="session-menu-who">
            Signed in as <b>{user.name}</b>
            {user.areas && <> · areas {user.areas.join(', ')}</>}
          </p>
          {session && (
            <button type="button" role="menuitem" onClick={run(() => void actions?.lock())} data-testid="menu-lock">
              Lock screen
            </button>
          )}
          <button type="button" role="menuitem" onClick={run(() => setChanging(true))} data-testid="menu-password">
            Change password
          </button>
          <button
            type="button"
            role="menuitem"
            onClick={run(() => void actions?.signOut())}
            data-testid="menu-sign-out"
          >
            Sign out
          </button>
        </div>
      )}
      {changing && actions && (
        <Suspense fallback={null}>
          <ChangePasswordDialog onChange={actions.changePassword} onClose={() => setChanging(false)} />
        </Suspense>
      )}
    </span>
  );
}
