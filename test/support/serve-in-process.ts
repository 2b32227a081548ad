// `serve` in the test's own process — engine, HTTP ingest, REST and WebSocket — on free ports,
// for tests that need the engine's internals beside its network face. Set WATCHFLOOR_TEST_LOG=1
// to see the engine's log.
import { mergeConfig, parseConfig, type ConfigPatch } from '../../src/main/engine/config/load-config';
import { serve, type RunningServe } from '../../src/main/server/serve';

export function serveInProcess(dataDir: string, patch: ConfigPatch = {}): Promise<RunningServe> {
  return serve({
    config: parseConfig(
      mergeConfig(
        // one reading past a limit raises an alarm here (docs/developer-guide.md: Testing)
        { dataDir, server: { port: 0 }, broker: { port: 0 }, detection: { kindDefaults: false } },
        patch,
      ),
    ),
    rendererDir: dataDir, // no renderer: these tests talk to the API
    version: 'test',
    log: (m) => {
      if (process.env.WATCHFLOOR_TEST_LOG) process.stderr.write(`[engine] ${m}\n`);
    },
  });
}
