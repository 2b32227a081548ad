// `watchfloor serve`: the engine in plain Node, with the renderer and the contract over
// HTTP + WebSocket (HTTPS + WSS with server.tls). Wall displays, a central engine that desktops
// attach to, and every end-to-end test run this.
// Reachable from other machines means reachable by anyone on the network: without users that
// would be an open door, so a non-loopback bind without users refuses to start (checked once the
// engine has opened state.db, where the users are; the engine is stopped cleanly first).
import { existsSync } from 'node:fs';
import { Engine } from '../engine/engine';
import type { Config } from '../engine/config/config-schema';
import type { StationPort } from '../engine/station/station-port';
import { EngineError } from '../../shared/errors';
import { isLoopbackBind } from './access/host-policy';
import { ensureLocalKey } from './access/secret-files';
import { loadTls } from './access/tls-files';
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
  /** Tests: a managed station (an UpdateService) for the engine to answer `station.*` with. */
  station?: StationPort;
}

export interface RunningServe {
  engine: Engine;
  server: RunningServer;
  stop(): Promise<void>;
}

/** Refuses a bind other machines can reach while the engine has no users. */
export function assertUsersForBind(config: Config, hasUsers: boolean): void {
  const { host } = config.server;
  if (isLoopbackBind(host) || hasUsers) return;
  throw new EngineError(
    'INVALID_STATE',
    `serving on ${host} makes the engine reachable from other machines, so it needs users first: ` +
      `run \`watchfloor users add NAME --role admin --data ${config.dataDir}\``,
  );
}

export async function serve(options: ServeOptions): Promise<RunningServe> {
  const { config, log } = options;
  // A broken certificate stops us before anything opens.
  const tls = loadTls(config.server.tls);
  const engine = new Engine(config, {
    log,
    version: options.version,
    newState: options.newState ?? false,
    replayWindowMs: options.replayWindowMs,
    station: options.station,
  });
  try {
    await engine.start();
    assertUsersForBind(config, engine.access.hasUsers());
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
      auth: engine.access,
      auditor: engine.services.audit,
      tls,
      maxUploadBytes,
      ingest: {
        pipeline: engine.services.pipeline,
        config: () => engine.services.sourceSettings.single('http'),
        apiToken: (secret) => engine.access.authenticateToken(secret, 'ingest') !== null,
      },
      metrics: config.server.metrics.enabled
        ? { tokenCaller: (secret) => engine.access.metricsCaller(secret) }
        : undefined,
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
