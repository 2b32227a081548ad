// Renderer entry, the same bundle for Electron windows and browsers: pick the transport,
// start keeping the store and the telemetry buffers in step with the engine, render. In a
// browser, an engine that asks for its access token gets the token screen first.
import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { reportOutdated, resolveResult } from '../../shared/contract/result-resolver';
import { createContractClient } from '../../shared/rpc/contract-client';
import { openEngineChannel } from './api/engine-channel';
import { sessionState } from './api/session';
import { App } from './app/App';
import { EngineContext } from './app/engine-context';
import { startEngineSync } from './app/engine-sync';
import { useAppStore } from './store/app-store';
import { TelemetryStore } from './telemetry/telemetry-store';
// Styles every view shares; each view brings its own with its code.
import './app/theme.css';
import './app/layout.css';
import './views/alarms.css';

/** How often, at most, a lost connection makes the page ask whether it is still signed in. */
const SESSION_RECHECK_MS = 5000;

function startControlRoom(root: Root, inBrowser: boolean): void {
  // Result schemas come with the views that use them (result-resolver.ts), not all with the page.
  // One that cannot be fetched means the engine was updated meanwhile: the header offers a reload.
  const results = reportOutdated(resolveResult, () => useAppStore.getState().setPageOutdated());
  const client = createContractClient(openEngineChannel(), results);
  const telemetry = new TelemetryStore();
  startEngineSync(client, telemetry);
  if (inBrowser) {
    // A new or revoked token ends the session: back to the token screen rather than "reconnecting" forever.
    let checkedAt = 0;
    client.channel.onStatus((status) => {
      if (status !== 'closed' || Date.now() - checkedAt < SESSION_RECHECK_MS) return;
      checkedAt = Date.now();
      void sessionState().then((s) => {
        if (s?.tokenRequired && !s.authenticated) location.reload();
      });
    });
  }
  root.render(
    <StrictMode>
      <EngineContext value={{ client, telemetry }}>
        <App />
      </EngineContext>
    </StrictMode>,
  );
}

async function boot(): Promise<void> {
  const element = document.getElementById('root');
  if (!element) throw new Error('index.html has no #root element');
  const root = createRoot(element);
  const inBrowser = window.watchfloor?.runtime !== 'electron';
  if (inBrowser) {
    const state = await sessionState();
    if (state?.tokenRequired && !state.authenticated) {
      // Only a browser that must sign in needs the token screen: it is fetched then, not with the page.
      const { TokenScreen } = await import('./app/TokenScreen');
      root.render(<TokenScreen onSignedIn={() => location.reload()} />);
      return;
    }
  }
  startControlRoom(root, inBrowser);
}

void boot();
