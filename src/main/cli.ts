// Headless entry: `watchfloor serve | help`. Resolves configuration once (defaults ← file ←
// environment ← flags) and runs the engine without Electron.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { configFromFlags, loadConfig } from './engine/config/load-config';
import { serve } from './server/serve';
import { defaultDataDir } from './server/user-data-dir';
import { version } from '../../package.json';

const USAGE = `Watchfloor ${version} — industrial telemetry control room

Usage:
  watchfloor serve [--port N] [--host H] [--data DIR] [--config FILE] [--no-simulator]
  watchfloor help

serve   runs the engine headless and serves the control room over HTTP (default
        http://127.0.0.1:5780). With no configuration it starts an embedded MQTT broker
        and the simulator of the five default devices.

Options:
  --port N         HTTP port (default 5780; 0 picks a free one)
  --host H         interface to bind (default 127.0.0.1)
  --data DIR       data directory (default: the user's Watchfloor data folder)
  --config FILE    JSON configuration file
  --no-simulator   do not start the built-in simulator

Environment: WATCHFLOOR_DATA, WATCHFLOOR_HOST, WATCHFLOOR_PORT, WATCHFLOOR_MQTT_URL
(an external broker; turns the embedded one off), WATCHFLOOR_SIMULATOR=0.`;

function log(message: string): void {
  process.stderr.write(`[watchfloor] ${message}\n`);
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      config: { type: 'string' },
      'no-simulator': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0] ?? 'help';
  if (values.help || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command !== 'serve') {
    process.stderr.write(`unknown command "${command}"\n\n${USAGE}\n`);
    return 2;
  }

  const config = loadConfig({
    file: values.config,
    env: process.env,
    flags: configFromFlags(values),
    defaultDataDir: defaultDataDir(process.platform, process.env),
  });
  const running = await serve({ config, rendererDir: join(__dirname, '../renderer'), version, log });
  // One line a script can wait for; everything else goes to stderr.
  process.stdout.write(`Watchfloor control room: ${running.server.url}\n`);
  log(`data in ${config.dataDir}`);

  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      log(`${signal}: stopping`);
      running.stop().then(resolve, (err: unknown) => {
        log(`stop failed: ${(err as Error).message}`);
        resolve();
      });
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`watchfloor: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
