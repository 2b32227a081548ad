// `watchfloor serve`: runs the engine headless until SIGINT/SIGTERM. The URL line on stdout is
// what scripts and tests wait for; the data directory (and how to reset it) and, while the
// simulator runs, that the data is simulated follow it on stdout. Everything else goes to
// stderr, including — while the engine has no users — the one-time setup link for the first
// administrator.
import { expectArgs, LOCATION_OPTIONS, resolveConfig, type Command } from './command-line';
import { serve } from '../serve';
import { dataDirNotice } from '../../engine/config/data-dir';

export const SIMULATOR_LINE =
  'Demo data: the built-in simulator feeds a five-device line (--no-simulator, or connect a broker in Settings → Sources)';

export const serveCommand: Command = {
  options: {
    ...LOCATION_OPTIONS,
    'no-simulator': { type: 'boolean' },
    'anomaly-injection': { type: 'boolean' },
    'new-state': { type: 'boolean' },
  },
  async run(line, ctx) {
    expectArgs(line, 'serve', []);
    const config = resolveConfig(line.values, ctx);
    const log = (m: string) => ctx.status.log(m);
    const running = await serve({
      config,
      rendererDir: ctx.rendererDir,
      version: ctx.version,
      log,
      newState: line.values['new-state'] === true,
    });
    // Listening for the signals before the URL is printed: whoever waits for the URL may stop
    // us at once, and a SIGTERM with no listener yet would kill the engine with its stores open.
    const stopped = new Promise<void>((resolve) => {
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
    ctx.out(`Watchfloor control room: ${running.server.url}`);
    // Where everything lives, and how to start afresh: a new operator's first question after a demo.
    // One write: the demo line arrives with the data line, so a reader that has one has both.
    const simulated = running.engine.health().simulator.running;
    ctx.out(simulated ? `${dataDirNotice(config.dataDir)}\n${SIMULATOR_LINE}` : dataDirNotice(config.dataDir));
    // No users yet: the one-time setup token (new each start) lets a browser create the first admin.
    const setupToken = running.engine.access.setupToken;
    if (setupToken) {
      log(`no users yet: create the first administrator at ${running.server.url}/#setup/${setupToken}`);
      log('or run `watchfloor users add NAME --role admin`');
    }
    await stopped;
    return 0;
  },
};
