// Runs `serve` in this process (engine, HTTP server and WebSocket) in a temporary data directory,
// on free ports, with no simulator unless the patch turns it on: for integration tests that need
// the HTTP side (ingest, REST) as well as the engine.
import { join } from 'node:path';
import { mergeConfig, parseConfig, type ConfigPatch } from '../../src/main/engine/config/load-config';
import { serve, type RunningServe } from '../../src/main/server/serve';

export function startServe(
  dir: string,
  patch: ConfigPatch = {},
  log: (message: string) => void = () => {},
): Promise<RunningServe> {
  const base: ConfigPatch = {
    server: { port: 0 },
    broker: { port: 0 },
    simulator: { enabled: false },
    detection: { kindDefaults: false }, // one reading past a limit raises an alarm here
  };
  return serve({
    config: parseConfig(mergeConfig(mergeConfig({ dataDir: join(dir, 'data') }, base), patch)),
    rendererDir: join(dir, 'no-renderer'),
    version: 'test',
    log,
  });
}
