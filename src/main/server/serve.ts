// `watchfloor serve`: the engine in plain Node, with the renderer and the contract over
// HTTP + WebSocket. Wall displays, a central engine that desktops attach to, and every
// end-to-end test run this.
import { existsSync } from 'node:fs';
import { Engine } from '../engine/engine';
import type { Config } from '../engine/config/config-schema';
import { EngineError } from '../../shared/errors';
import { isLoopbackBind } from './access/host-policy';
import { ensureLocalKey, readAccessToken } from './access/secret-files';
import { startHttpServer, type RunningServer } from './http-server';

export interface ServeOptions {
  config: Config;
  rendererDir: string;
  version: string;
  log: (message: string) => void;
  /** `--new-state`: replace a missing or damaged state.db instead of refusing to start. */
  newState?: boolean;
  /** Tests: a replay window shorter than the configuration allows. */
  replayWindowMs?: number;
}

export interface RunningServe {
  engine: Engine;
  server: RunningServer;
  stop(): Promise<void>;
}

/**
 * Reachable from other machines means reachable by anyone on the network: refuse to serve
 * that without an access token, before anything starts.
 */
export function assertTokenForBind(config: Config): void {
  const { host } = config.server;
  if (isLoopbackBind(host) || readAccessToken(config.dataDir)) return;
  throw new EngineError(
    'INVALID_STATE',
    `serving on ${host} makes the engine reachable from other machines, so it needs an access token first: ` +
      `run \`watchfloor token create --data ${config.dataDir}\` once (it prints the token), then start again`,
  );
}

export async function serve(options: ServeOptions): Promise<RunningServe> {
  const { config, log } = options;
  assertTokenForBind(config);
  const engine = new Engine(config, {
    log,
    version: options.version,
    newState: options.newState ?? false,
    replayWindowMs: options.replayWindowMs,
  });
  try {
    await engine.start();
  } catch (err) {
    await engine.stop().catch(() => {});
    throw err;
  }
  let server: RunningServer;
  try {
    const { allowedHosts, allowedOrigins, rateLimits, maxUploadBytes } = config.server;
    server = await startHttpServer({
      host: config.server.host,
      port: config.server.port,
      rendererDir: existsSync(options.rendererDir) ? options.rendererDir : undefined,
      handlers: engine.handlers(),
      health: () => engine.health(),
      dataDir: config.dataDir,
      access: { allowedHosts, allowedOrigins, rateLimits, localKey: ensureLocalKey(config.dataDir) },
      maxUploadBytes,
      ingest: { pipeline: engine.services.pipeline, config: () => engine.services.sourceSettings.single('http') },
      log,
    });
  } catch (err) {
    await engine.stop();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new Error(`port ${config.server.port} on ${config.server.host} is in use; choose another with --port`, {
        cause: err,
      });
    }
    throw err;
  }
  let stopping: Promise<void> | undefined;
  return {
    engine,
    server,
    stop() {
      stopping ??= (async () => {
        await server.close();
        await engine.stop();
      })();
      return stopping;
    },
  };
}
