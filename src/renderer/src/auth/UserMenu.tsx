// The header's user menu, opened from SessionBadge (fetched the first time it opens): who is
// signed in and where they may act, Lock screen, Change password (its dialog fetched in turn),
// Sign out. It takes the focus when it opens; ↑/↓ move between items, Escape closes it and gives
// the focus back to its button, a click elsewhere closes it.
import { lazy, Suspense, useEffect, useRef, useState, type RefObject } from 'react';
import type { AuthStatus, SessionUser } from '../../../shared/contract/auth';
import type { AuthActions } from './auth-actions';
import { useAppStore } from '../store/app-store';
import './user-menu.css';

const ChangePasswordDialog = lazy(() =>
  import('./ChangePasswordDialog').then((m) => ({ default: m.ChangePasswordDialog })),
);

export function UserMenu({
  user,
  session,
  actions,
  open,
  onClose,
  anchor,
  button,
}: {
  user: SessionUser;
  session: AuthStatus['session'];
  actions: AuthActions | null;
  open: boolean;
  onClose(): void;
  /** The badge around the button and the menu: a click inside it is not "elsewhere". */
  anchor: RefObject<HTMLElement | null>;
  button: RefObject<HTMLButtonElement | null>;
}) {
  const [changing, setChanging] = useState(false);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    // Hung from the badge's right edge; where the header has wrapped the badge to the left (a
    // 1366 px laptop) that would run off the screen, so it hangs from the left edge instead.
    const box = menu.current;
    if (box && box.getBoundingClientRect().left < 0) box.dataset.align = 'start';
    const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    items()[0]?.focus();
    const onPointer = (e: PointerEvent) => {
      if (!anchor.current?.contains(e.target as Node)) onClose();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
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
  }, [open, onClose, anchor, button]);

  const run = (what: () => void) => () => {
    onClose();
    what();
  };
  return (
    <>
      {open && (
        <div className="session-menu" role="menu" ref={menu} data-testid="user-menu-list">
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
            onClick={run(() => useAppStore.getState().showSettings('about'))}
            data-testid="menu-about"
          >
            About & updates
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
    </>
  );
}
