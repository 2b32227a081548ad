// Opens this page's display of a layout once the engine answers after sign-in (issue 16, point 4).
// With `?layout=NAME&display=N` (a browser on a wall display, or an Electron layout window: the
// same URL) it shows the display's view, in kiosk presentation when the layout says so; an unknown
// layout or display says so and shows the wall. A desktop window that is not a layout window
// hands its workstation's active layout to the shell, which opens one window per display
// (src/main/shell/layout-windows.ts).
//
// Kiosk presentation: the view and the header's state (link, engine health, alarm counts) and no
// navigation — no view buttons, no view keys, no links to Settings (layout.css). On with
// `?kiosk=1` (marked as soon as this module arrives: main.tsx fetches it at once, beside the first
// view, and its styles come with it) or a layout display marked kiosk.
// Ctrl+Shift+K leaves it for this page (README: Layouts and kiosk): kiosk is a presentation, not a
// lock — what a user may do is their role's.
//
// Fetched by main.tsx only when the URL names a layout or kiosk, or on a desktop; plain DOM rather
// than React, importing nothing from the first view's chunk: a wall display's first view carries
// two lines for it (docs/developer-guide.md: Bundle budget).
import type { ContractClient } from '../../../shared/rpc/client';
import type { useAppStore } from '../store/app-store';
import { chooseDisplay, parseDisplay } from './layout-display';
import { currentWorkstation } from './workstation';
import './layout-opener.css';

const root = document.documentElement;
const kiosk = () => root.dataset.kiosk != null;

export function setKiosk(on: boolean): void {
  if (on) root.dataset.kiosk = '';
  else delete root.dataset.kiosk;
}

if (new URLSearchParams(location.search).get('kiosk') === '1') setKiosk(true);

// Before the view keys (use-navigation.ts listens on window, bubbling): a kiosk has no way to other views.
window.addEventListener(
  'keydown',
  (e) => {
    if (!kiosk()) return;
    if (e.ctrlKey && e.shiftKey && e.key.toLowerCase() === 'k') {
      e.preventDefault();
      setKiosk(false);
    } else if (/^\d$/.test(e.key)) e.stopImmediatePropagation();
  },
  true,
);

/** The view's route, as a link would open it (use-navigation.ts follows the hash). */
function go(route: string): void {
  if (location.hash !== `#${route}`) location.hash = route;
}

let notice: HTMLElement | undefined;

function showNotice(text: string): void {
  notice?.remove();
  const box = document.createElement('div');
  box.className = 'layout-notice';
  box.setAttribute('role', 'status');
  box.dataset.testid = 'layout-notice';
  const words = document.createElement('span');
  words.textContent = text;
  const dismiss = document.createElement('button');
  dismiss.type = 'button';
  dismiss.className = 'button';
  dismiss.textContent = 'Dismiss';
  dismiss.addEventListener('click', () => box.remove());
  box.append(words, dismiss);
  document.body.append(box);
  notice = box;
}

async function open(client: ContractClient): Promise<void> {
  const params = new URLSearchParams(location.search);
  const name = params.get('layout');
  if (name === null) {
    if (params.has('display') || !window.watchfloor?.station?.openLayout) return;
    // A desktop's own window: the shell opens the active layout's windows, if there is one.
    const workstation = currentWorkstation().name;
    const list = await client.request('layouts.list', { workstation });
    const active = list.layouts.find((l) => l.name === list.active);
    if (active)
      window.watchfloor.station.openLayout({ workstation, layout: { name: active.name, displays: active.displays } });
    return;
  }
  const workstation = currentWorkstation().name;
  const raw = params.get('display');
  const layout = await client.request('layouts.get', { workstation, name }).catch((err: unknown) => {
    // EngineError's codes, read without importing it (it lives in the first view's chunk).
    const code = (err as { code?: unknown }).code;
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') return null;
    throw err;
  });
  const choice = chooseDisplay(workstation, name, layout, parseDisplay(raw), raw);
  go(choice.route);
  if (!choice.ok) showNotice(choice.message);
  else if (choice.kiosk) setKiosk(true);
}

/**
 * Runs once the link is open; after a failure, again only when the link opens anew (not on every
 * change of the store: an engine without layouts must not be asked over and over). Returns the stop.
 */
export function openLayout(client: ContractClient, store: typeof useAppStore): () => void {
  let done = false;
  let tried = false; // on this opening of the link
  const attempt = () => {
    const linked = store.getState().connection === 'open';
    if (!linked) tried = false;
    if (done || tried || !linked) return;
    tried = true;
    open(client).then(
      () => (done = true),
      (err: unknown) => {
        if (new URLSearchParams(location.search).has('layout'))
          showNotice(`The layout could not be read (${err instanceof Error ? err.message : String(err)}).`);
      },
    );
  };
  const stop = store.subscribe(attempt);
  attempt();
  return stop;
}
