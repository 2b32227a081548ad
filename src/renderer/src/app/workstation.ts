// Which workstation this screen is (display layouts, issue 16 point 4). A workstation is a name,
// chosen in this order: `?workstation=` in the URL (a wall browser's bookmark), the name picked in
// Settings → Display on this browser profile or desktop, the desktop's host name, else "default".
// It is a name and not an identity: it picks whose layouts a screen shows (docs/developer-guide.md:
// Display layouts). Loaded with the layout code only, never in the first view.
import { WorkstationName } from '../../../shared/display-layouts';

const KEY = 'watchfloor.workstation';

export type WorkstationSource = 'url' | 'saved' | 'host' | 'default';

function valid(name: string | null | undefined): string | undefined {
  if (!name) return undefined;
  const parsed = WorkstationName.safeParse(name);
  return parsed.success ? parsed.data : undefined;
}

/** A host name as a workstation name: characters a name may not have become '-'. */
export function fromHostName(host: string): string | undefined {
  return valid(
    host
      .replace(/[^A-Za-z0-9 ._-]/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 64),
  );
}

function saved(): string | undefined {
  try {
    return valid(localStorage.getItem(KEY));
  } catch {
    return undefined;
  }
}

export function currentWorkstation(): { name: string; source: WorkstationSource } {
  const url = valid(new URLSearchParams(location.search).get('workstation'));
  if (url) return { name: url, source: 'url' };
  const mine = saved();
  if (mine) return { name: mine, source: 'saved' };
  const host = fromHostName(window.watchfloor?.hostName ?? '');
  if (host) return { name: host, source: 'host' };
  return { name: 'default', source: 'default' };
}

/** Remembers the name on this browser profile or desktop; null forgets it (back to the default). */
export function saveWorkstation(name: string | null): void {
  try {
    if (name === null) localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, name);
  } catch {
    // Storage refused (private mode): the name holds for this page only, through the URL.
  }
}
