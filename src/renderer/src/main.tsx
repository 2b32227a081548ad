// Renderer entry, the same bundle for Electron windows and browsers: pick the transport, ask
// the engine where this window stands (signed in, must sign in, no users yet), show the sign-in
// or first-run screen when needed, then run the control room — the store and the telemetry
// buffers kept in step with the engine — until the session ends (auth/session-controller.ts). A
// desktop attached to a central engine signs in through its shell (auth/remote-sign-in.ts).
// First: this screen's theme goes on <html> before anything renders.
import './app/apply-theme';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { reportOutdated, resolveResult } from '../../shared/contract/result-resolver';
import type { ClientChannel } from '../../shared/rpc/protocol';
import { createContractClient } from '../../shared/rpc/contract-client';
import { openEngineChannel } from './api/engine-channel';
import { startEngineSync } from './app/engine-sync';
import { AuthGate } from './auth/AuthGate';
import { SESSION_ENDED, startAuthSync } from './auth/auth-sync';
import { setRemoteEngineUrl } from './auth/remote-engine';
import { SessionController } from './auth/session-controller';
import { signInTransportFor } from './auth/sign-in-transport';
import { useAppStore } from './store/app-store';
import { routeFromHash } from './store/view-slice';
import { TelemetryStore } from './telemetry/telemetry-store';
// Styles every view shares; each view brings its own with its code.
import './app/theme.css';
import './app/layout.css';
import './views/alarms.css';

/** The one-time setup token from the link `serve` printed (#setup/<token>), taken out of the URL. */
function setupTokenFromUrl(): string | null {
  const m = /^#setup\/(.+)$/.exec(location.hash);
  if (!m) return null;
  history.replaceState(null, '', '#wall');
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
}

function opened(channel: ClientChannel): Promise<void> {
  if (channel.status === 'open') return Promise.resolve();
  return new Promise((resolve) => {
    const off = channel.onStatus((s) => {
      if (s !== 'open') return;
      off();
      resolve();
    });
  });
}

async function boot(): Promise<void> {
  const element = document.getElementById('root');
  if (!element) throw new Error('index.html has no #root element');
  const root = createRoot(element);
  const runtime = window.watchfloor?.runtime === 'electron' ? 'electron' : 'browser';
  const setupToken = setupTokenFromUrl();
  // Result schemas come with the views that use them (result-resolver.ts), not all with the page.
  // One that cannot be fetched means the engine was updated meanwhile: the header offers a reload.
  const results = reportOutdated(resolveResult, () => useAppStore.getState().setPageOutdated());
  // A desktop window signs in over its own MessagePort, so that connection comes first and stays;
  // a browser signs in over REST and opens a WebSocket (carrying the session cookie) afterwards.
  // Only a desktop fetches the remote branch (it stays out of a browser's first view).
  const remote = window.watchfloor?.engine
    ? await import('./auth/remote-sign-in').then((m) => m.remoteSignInTransport()).catch(() => undefined)
    : undefined;
  if (remote) setRemoteEngineUrl(remote.engineUrl);
  // An attached desktop opens its channel after signing in, as a browser does.
  const desktopClient = runtime === 'electron' && !remote ? createContractClient(openEngineChannel(), results) : null;
  const transport = await signInTransportFor(runtime, desktopClient, remote);
  const setAuth = useAppStore.getState().setAuth;

  const session = new SessionController({
    transport,
    setupNeedsToken: runtime === 'browser',
    setAuth,
    openRoom: (onSignedOut) => {
      // The place is the address: it may have moved while the sign-in screen was up (a link, Back).
      useAppStore.getState().applyRoute(routeFromHash(location.hash));
      const client = desktopClient ?? createContractClient(openEngineChannel(), results);
      const telemetry = new TelemetryStore();
      const stopSync = startEngineSync(client, telemetry);
      const stopAuth = startAuthSync(client, setAuth, onSignedOut, desktopClient ? undefined : transport.status);
      return {
        client,
        telemetry,
        close() {
          stopAuth();
          stopSync();
          if (client !== desktopClient) client.close();
          // The next room's views wait for its own connection, not this one's last word.
          useAppStore.getState().setConnection('closed');
        },
      };
    },
  });
  // The central engine ended the session (4401 through the shell): back to signing in.
  remote?.onSignedOut(() => session.signedOut(SESSION_ENDED));
  root.render(
    <StrictMode>
      <AuthGate session={session} />
    </StrictMode>,
  );
  if (desktopClient) await opened(desktopClient.channel);
  session.start(await transport.status(), setupToken);
}

void boot();
