// Entry of the engine's Electron utility process (out/main/engine-host.js). The shell forks
// it and sends the resolved configuration as the first message; see engine-host-runner.ts.
// Imports nothing from electron at runtime: process.parentPort is all it needs.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../engine/engine';
import { createSecretBox } from '../engine/state/secret-box';
import { runEngineHost, type ParentPortLike } from './engine-host-runner';
import { hostedEngine } from './hosted-engine';

function log(message: string): void {
  process.stderr.write(`[watchfloor engine] ${message}\n`);
}

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
if (!parentPort) {
  log('engine-host runs only as an Electron utility process; use `watchfloor serve` for Node');
  process.exit(2);
}

// An installed app carries the runbooks as process.resourcesPath/knowledge (extraResources in
// build/electron-builder.config.mjs); a development run finds resources/knowledge from the build.
const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
const packagedKnowledge =
  resourcesPath && existsSync(join(resourcesPath, 'knowledge')) ? join(resourcesPath, 'knowledge') : undefined;

const host = runEngineHost({
  parentPort,
  createEngine: (config, version, { newState, secretsKey, station }) =>
    hostedEngine(
      new Engine(config, {
        log,
        version,
        newState,
        station,
        ...(packagedKnowledge ? { knowledgeDir: packagedKnowledge } : {}),
        ...(secretsKey ? { secretBox: createSecretBox(secretsKey) } : {}),
      }),
      log,
    ),
  log,
  exit: (code) => process.exit(code),
});

// Ctrl-C in a terminal reaches every process of the group, this one included: stop cleanly
// instead of dying with the stores open. The shell's own stop request lands in the same place.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    void host.shutdown(0);
  });
}
