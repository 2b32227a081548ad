// Renderer entry, the same bundle for Electron windows and browsers: pick the transport,
// start keeping the store and the telemetry buffers in step with the engine, render. A desktop
// attached to a central engine signs in first (auth/sign-in-transport.ts), then opens its channel.
import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { reportOutdated, resolveResult } from '../../shared/contract/result-resolver';
import { createContractClient } from '../../shared/rpc/contract-client';
import { openEngineChannel } from './api/engine-channel';
import { App } from './app/App';
import { EngineContext } from './app/engine-context';
import { startEngineSync } from './app/engine-sync';
import { useAppStore } from './store/app-store';
import { TelemetryStore } from './telemetry/telemetry-store';
import { setRemoteEngineUrl } from './auth/remote-engine';
import type { SignInTransport } from './auth/sign-in-transport';
// Styles every view shares; each view brings its own with its code.
import './app/theme.css';
import './app/layout.css';
import './views/alarms.css';

function startControlRoom(root: Root): void {
  // Result schemas come with the views that use them (result-resolver.ts), not all with the page.
  // One that cannot be fetched means the engine was updated meanwhile: the header offers a reload.
  const results = reportOutdated(resolveResult, () => useAppStore.getState().setPageOutdated());
  const client = createContractClient(openEngineChannel(), results);
  const telemetry = new TelemetryStore();
  startEngineSync(client, telemetry);
  root.render(
    <StrictMode>
      <EngineContext value={{ client, telemetry }}>
        <App />
      </EngineContext>
    </StrictMode>,
  );
}

/** A central engine that wants a sign-in gets the sign-in screen first; 4401 brings it back. */
async function bootRemote(root: Root, transport: SignInTransport): Promise<void> {
  setRemoteEngineUrl(transport.engineUrl);
  // The page's place (the route is in the hash) survives the reload.
  transport.onSignedOut(() => location.reload());
  const status = await transport.status();
  if (status && (status.user !== null || status.mode === 'open')) {
    startControlRoom(root);
    return;
  }
  const { RemoteSignIn } = await import('./auth/RemoteSignIn');
  root.render(
    <StrictMode>
      <RemoteSignIn transport={transport} onSignedIn={() => startControlRoom(root)} />
    </StrictMode>,
  );
}

async function boot(): Promise<void> {
  const element = document.getElementById('root');
  if (!element) throw new Error('index.html has no #root element');
  const root = createRoot(element);
  // Only a desktop fetches the remote branch (it stays out of a browser's first view).
  const remote = window.watchfloor?.engine
    ? await import('./auth/sign-in-transport').then((m) => m.remoteSignInTransport()).catch(() => undefined)
    : undefined;
  if (remote) await bootRemote(root, remote);
  else startControlRoom(root);
}

void boot();
