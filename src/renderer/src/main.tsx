// Renderer entry, the same bundle for Electron windows and browsers: pick the transport,
// start keeping the store and the telemetry buffers in step with the engine, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from '../../shared/rpc/client';
import { openEngineChannel } from './api/engine-channel';
import { App } from './app/App';
import { EngineContext } from './app/engine-context';
import { startEngineSync } from './app/engine-sync';
import { TelemetryStore } from './telemetry/telemetry-store';
import './app/theme.css';
import './app/layout.css';
import './views/wall.css';
import './views/alarms.css';
import './views/device/device.css';
import './views/dead-letters/dead-letters.css';
import './views/sources/sources.css';

const client = createClient(openEngineChannel());
const telemetry = new TelemetryStore();
startEngineSync(client, telemetry);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <EngineContext value={{ client, telemetry }}>
      <App />
    </EngineContext>
  </StrictMode>,
);
