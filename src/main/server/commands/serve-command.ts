// `watchfloor serve`: runs the engine headless until SIGINT/SIGTERM. The URL line on stdout is
// what scripts and tests wait for; everything else goes to stderr.
import { expectArgs, LOCATION_OPTIONS, resolveConfig, type Command } from './command-line';
import { serve } from '../serve';

export const serveCommand: Command = {
  options: { ...LOCATION_OPTIONS, 'no-simulator': { type: 'boolean' }, 'new-state': { type: 'boolean' } },
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
    log(`data in ${config.dataDir}`);
    await stopped;
    return 0;
  },
};
