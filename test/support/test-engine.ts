// Starts a real engine in a temporary data directory, on free ports, for integration tests.
import { Engine } from '../../src/main/engine/engine';
import { mergeConfig, parseConfig, type ConfigPatch } from '../../src/main/engine/config/load-config';

export async function startEngine(dataDir: string, patch: ConfigPatch = {}): Promise<Engine> {
  const base: ConfigPatch = {
    dataDir,
    broker: { port: 0 },
    server: { port: 0 },
    simulator: { seed: 42 },
    // One reading past a limit raises an alarm here; tests of the per-kind delays turn them on.
    detection: { kindDefaults: false },
  };
  const engine = new Engine(parseConfig(mergeConfig(base, patch)), {
    log: (m) => {
      if (process.env.WATCHFLOOR_TEST_LOG) process.stderr.write(`[engine] ${m}\n`);
    },
    version: 'test',
  });
  try {
    await engine.start();
  } catch (err) {
    await engine.stop().catch(() => {});
    throw err;
  }
  return engine;
}
