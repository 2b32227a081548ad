// Renderer entry, the same bundle for Electron windows and browsers: pick the transport,
// start keeping the store and the telemetry buffers in step with the engine, render.
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

function boot(): void {
  const element = document.getElementById('root');
  if (!element) throw new Error('index.html has no #root element');
  startControlRoom(createRoot(element));
}

boot();
