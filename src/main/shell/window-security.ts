// Window security in one place: the webPreferences every window gets, what a page may open
// or navigate to, and the session's permission policy. Nothing else in the shell sets these.
import type { AppLocation } from './app-location';
import type { BrowserWindowConstructorOptions, SessionLike, WebContentsLike } from './electron-api';
import { installContentSecurityPolicy } from './content-security-policy';

export type WebPreferences = NonNullable<BrowserWindowConstructorOptions['webPreferences']>;

/** The prefix of the argument the preload reads the app version from. */
export const APP_VERSION_ARG = '--watchfloor-app-version=';
/** The computer's host name, a desktop's default workstation name (display layouts). */
export const HOST_NAME_ARG = '--watchfloor-host-name=';

export function secureWebPreferences(preload: string, appVersion: string, hostName?: string): WebPreferences {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    additionalArguments: [`${APP_VERSION_ARG}${appVersion}`, ...(hostName ? [`${HOST_NAME_ARG}${hostName}`] : [])],
  };
}

function isWebLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

export interface HardenOptions {
  location: AppLocation;
  /** Opens http(s) links in the user's browser; omitted means links are simply refused. */
  openExternal?: (url: string) => void;
  log?: (message: string) => void;
}

/** No new windows, no navigation away from the app, no <webview>. */
export function hardenWebContents(contents: WebContentsLike, options: HardenOptions): void {
  const { location, openExternal, log = () => {} } = options;

  contents.setWindowOpenHandler(({ url }) => {
    if (openExternal && isWebLink(url)) openExternal(url);
    else log(`refused to open a window for ${url}`);
    return { action: 'deny' };
  });

  const guardNavigation = (event: { preventDefault(): void }, url: string) => {
    if (location.owns(url)) return;
    event.preventDefault();
    if (openExternal && isWebLink(url)) openExternal(url);
    else log(`refused navigation to ${url}`);
  };
  contents.on('will-navigate', guardNavigation);
  contents.on('will-redirect', guardNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * The one browser permission the control room uses: notifications, for alarm notifications on
 * the desktop (windows only ever show our own pages, see hardenWebContents). Camera,
 * geolocation, clipboard… are all denied.
 */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

export function hardenSession(session: SessionLike, location: AppLocation): void {
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(ALLOWED_PERMISSIONS.has(permission)),
  );
  session.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
  installContentSecurityPolicy(session, location);
}
