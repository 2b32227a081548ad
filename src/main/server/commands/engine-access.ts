// How a data command reaches the engine. DuckDB lets one process write history.duckdb, so
// when `watchfloor serve` already runs on this data directory the command asks it over
// WebSocket; otherwise it opens the data in this process as a storage-only engine (no broker,
// no sources, no simulator) and runs the same request through the same validated path.
// Either way the caller sees one interface, and follows long work as a job (job-follow.ts).
// A running engine trusts the command as its own user when it sends the data directory's local
// key (it could read the 0600 file): paths are then not confined, and no sign-in is asked for. Run
// as another user, WATCHFLOOR_TOKEN supplies an API token (`watchfloor token create`), sent as
// `Authorization: Bearer`: the command then acts as that token's user and role (docs/administration.md: Security).
// An engine served over TLS (server.tls) is reached over https/wss, trusting exactly the certificate
// the configuration names, whatever name it was issued for (the command calls it 127.0.0.1).
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { rootCertificates, type PeerCertificate } from 'node:tls';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import WebSocket from 'ws';
import type { ParamsIn, RequestName, ResultOf } from '../../../shared/contract';
import { Health } from '../../../shared/domain';
import { EngineError } from '../../../shared/errors';
import { IN_PROCESS } from '../../../shared/rpc/call-context';
import { createClient } from '../../../shared/rpc/client';
import { invokeRequest } from '../../../shared/rpc/server';
import { createWebSocketChannel, type WebSocketConstructor } from '../../../shared/rpc/websocket-channel';
import type { Config } from '../../engine/config/config-schema';
import { mergeConfig, parseConfig } from '../../engine/config/load-config';
import { Engine } from '../../engine/engine';
import { LOCAL_KEY_HEADER } from '../access/access-gate';
import { readLocalKey } from '../access/secret-files';
import { givenLocation, type StatusOutput } from './command-line';

const HEALTH_TIMEOUT_MS = 1500;
const CONNECT_TIMEOUT_MS = 5000;

export interface EngineAccess {
  /** 'remote': a running engine answered; 'in-process': this process opened the data. */
  readonly location: 'remote' | 'in-process';
  /** The running engine's base URL, when remote. */
  readonly url: string | undefined;
  /** The data directory the requests act on: the running engine's, or the one opened here. */
  readonly dataDir: string;
  /** Credentials for HTTP requests to that engine (downloads). */
  readonly headers: Readonly<Record<string, string>>;
  request<K extends RequestName>(method: K, params: ParamsIn<K>): Promise<ResultOf<K>>;
  close(): Promise<void>;
}

export interface RunningEngine {
  url: string;
  health: Health;
  /** The data directory that engine serves (as it reports it; the configured one when it does not say). */
  dataDir: string;
}

/** What proves this command to a running engine: the local key, and WATCHFLOOR_TOKEN (an API token) when set. */
export function engineCredentials(
  config: Pick<Config, 'dataDir'>,
  env: Record<string, string | undefined> = {},
): Record<string, string> {
  const headers: Record<string, string> = {};
  const key = readLocalKey(config.dataDir);
  if (key) headers[LOCAL_KEY_HEADER] = key.toString('hex');
  if (env.WATCHFLOOR_TOKEN) headers.authorization = `Bearer ${env.WATCHFLOOR_TOKEN}`;
  return headers;
}

/** Where an engine started with this configuration answers HTTP (HTTPS with server.tls). */
export function engineUrl(config: Config): string | undefined {
  const { host, port } = config.server;
  if (port === 0) return undefined; // "any free port": nothing to look for
  const h = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `${config.server.tls ? 'https' : 'http'}://${h.includes(':') ? `[${h}]` : h}:${port}`;
}

export interface EngineTrust {
  ca: (string | Buffer)[];
  checkServerIdentity: (host: string, cert: PeerCertificate) => Error | undefined;
}

/**
 * TLS options that accept the engine's own certificate (server.tls.cert, pinned by its SHA-256)
 * and nothing else; undefined without TLS, or when this user cannot read the certificate.
 */
export function engineTrust(config: Config): EngineTrust | undefined {
  const tls = config.server.tls;
  if (!tls) return undefined;
  let pem: Buffer;
  let fingerprint: string;
  try {
    pem = readFileSync(tls.cert);
    fingerprint = new X509Certificate(pem).fingerprint256;
  } catch {
    return undefined;
  }
  const extra = tls.ca ? [readFileSync(tls.ca)] : [];
  return {
    // The certificate itself anchors a self-signed one; a CA-issued one chains to the usual roots.
    ca: [pem, ...extra, ...rootCertificates],
    checkServerIdentity: (_host, cert) =>
      cert.fingerprint256 === fingerprint
        ? undefined
        : new Error(`the engine answered with another certificate than ${tls.cert}`),
  };
}

/** GET a JSON document, over HTTPS with the engine's trust when it has one. */
function getJson(url: string, headers: Record<string, string>, trust: EngineTrust | undefined): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onAnswer = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (err) {
          reject(err as Error);
        }
      });
      res.on('error', reject);
    };
    const options = { headers, timeout: HEALTH_TIMEOUT_MS };
    const req = url.startsWith('https:')
      ? httpsGet(url, { ...options, ...trust }, onAnswer)
      : httpGet(url, options, onAnswer);
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

function sameDir(a: string, b: string): boolean {
  const canonical = (p: string) => {
    const abs = resolve(p);
    try {
      return realpathSync.native(abs);
    } catch {
      return abs;
    }
  };
  return canonical(a) === canonical(b);
}

/** What answers /api/health at this configuration's address, as a Watchfloor engine; undefined when nothing does. */
async function probe(
  config: Config,
  headers: Record<string, string>,
): Promise<{ url: string; health: Health } | undefined> {
  const url = engineUrl(config);
  if (!url) return undefined;
  let body: unknown;
  try {
    body = await getJson(`${url}/api/health`, headers, engineTrust(config));
  } catch {
    return undefined; // nothing there, or not a Watchfloor engine
  }
  const health = Health.safeParse(body);
  return health.success ? { url, health: health.data } : undefined;
}

/** The engine at the configured address when it serves this configuration's data directory. */
async function engineOnDataDir(
  config: Config,
  env: Record<string, string | undefined>,
): Promise<RunningEngine | undefined> {
  const found = await probe(config, engineCredentials(config, env));
  const dataDir = found?.health.dataDir;
  if (!found || dataDir === undefined || !sameDir(dataDir, config.dataDir)) return undefined;
  return { ...found, dataDir };
}

/**
 * The engine this command is to use, if one answers /api/health. It names its data directory to
 * callers on loopback and to holders of the local key. Without --port, that is the engine at the
 * configured address serving this data directory. With --port, it is whatever engine answers on
 * that port — the port names the engine, whatever folder it serves — unless --data names another
 * folder than it serves, which is an error rather than a silent choice between the two.
 */
export async function findRunningEngine(
  config: Config,
  env: Record<string, string | undefined> = {},
): Promise<RunningEngine | undefined> {
  const given = givenLocation(config);
  // --port 0 is "any free port" (serve's meaning): it names no engine to look for.
  if (!given.port || config.server.port === 0) return engineOnDataDir(config, env);
  // The default folder's local key is not this engine's: prove ourselves with its own key below.
  const token: Record<string, string> = env.WATCHFLOOR_TOKEN ? { authorization: `Bearer ${env.WATCHFLOOR_TOKEN}` } : {};
  const found = await probe(config, given.data ? engineCredentials(config, env) : token);
  if (!found) return undefined;
  const served = found.health.dataDir;
  if (given.data && served !== undefined && !sameDir(served, config.dataDir)) {
    throw new EngineError(
      'INVALID_STATE',
      `the engine at ${found.url} serves ${served}, not ${config.dataDir}: drop --data to use that engine, or --port to open ${config.dataDir}`,
    );
  }
  return { ...found, dataDir: served ?? config.dataDir };
}

function lockHolder(err: unknown): string | undefined {
  const message = err instanceof Error ? err.message : String(err);
  if (!/lock/i.test(message)) return undefined;
  const pid = /\(PID (\d+)\)/.exec(message)?.[1];
  return pid ? `process ${pid}` : 'another process';
}

function inUseError(config: Config, holder: string): EngineError {
  const url = engineUrl(config);
  const where = url ? `nothing answers at ${url}` : 'no --port was given to find it';
  return new EngineError(
    'INVALID_STATE',
    `${config.dataDir} is in use by ${holder} (a Watchfloor engine?) but ${where}; stop it, or pass its --host/--port`,
  );
}

/**
 * Who holds history.duckdb open, if anyone: a desktop app or a `serve` on another port would
 * not answer our health probe, but its lock is there. Opening read-only never creates the file.
 */
export async function historyLockHolder(dataDir: string): Promise<string | undefined> {
  const file = join(dataDir, 'history.duckdb');
  if (!existsSync(file)) return undefined;
  try {
    const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
    instance.closeSync();
    return undefined;
  } catch (err) {
    // A damaged file is not "in use": restoring over it is the point.
    return lockHolder(err);
  }
}

/** Refuses, with one line that says why, when any engine has this data directory open. */
export async function assertDataDirFree(config: Config, before: string): Promise<void> {
  const running = await engineOnDataDir(config, {});
  if (running) {
    throw new EngineError(
      'INVALID_STATE',
      `an engine is running on ${config.dataDir} (${running.url}); stop it before ${before}`,
    );
  }
  const holder = await historyLockHolder(config.dataDir);
  if (holder) throw inUseError(config, holder);
}

/** The configuration minus everything that ingests: the engine only opens the stores. */
export function storageOnly(config: Config): Config {
  return parseConfig(
    mergeConfig(
      { ...config },
      {
        broker: { embedded: false },
        sources: { mqtt: [] },
        simulator: { enabled: false },
        assistant: { enabled: false },
      },
    ),
  );
}

async function connectRemote(
  running: RunningEngine,
  headers: Record<string, string>,
  trust: EngineTrust | undefined,
): Promise<EngineAccess> {
  const { url, dataDir } = running;
  class CredentialedWebSocket extends WebSocket {
    constructor(address: string) {
      super(address, { headers, ...trust });
    }
  }
  const channel = createWebSocketChannel(`${url.replace(/^http/, 'ws')}/ws`, {
    WebSocketImpl: CredentialedWebSocket as unknown as WebSocketConstructor,
    maxBackoffMs: 1000,
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      channel.opened,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new EngineError('UNAVAILABLE', `the engine at ${url} answers HTTP but not WebSocket`)),
          CONNECT_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (err) {
    channel.close();
    throw err;
  } finally {
    clearTimeout(timer);
  }
  const client = createClient(channel, { timeoutMs: 60_000 });
  return {
    location: 'remote',
    url,
    dataDir,
    headers,
    request: (method, params) => client.request(method, params),
    async close() {
      client.close();
    },
  };
}

async function startInProcess(config: Config, version: string, status: StatusOutput): Promise<EngineAccess> {
  const engine = new Engine(storageOnly(config), { version, log: (m) => status.log(m) });
  try {
    await engine.start();
  } catch (err) {
    await engine.stop().catch(() => {});
    const holder = lockHolder(err);
    if (holder) throw inUseError(config, holder);
    throw err;
  }
  const handlers = engine.handlers();
  return {
    location: 'in-process',
    url: undefined,
    dataDir: config.dataDir,
    headers: {},
    request: async (method, params) =>
      (await invokeRequest(handlers, method, params, IN_PROCESS)) as ResultOf<typeof method>,
    close: () => engine.stop(),
  };
}

/**
 * The running engine for this data directory, or the data opened here; closed afterwards.
 * Given --port, only the engine on that port will do: when nothing answers there the command
 * fails rather than open a data directory the operator did not mean. Opening the data here is
 * said before it starts (its folder), and refused while another process holds it.
 */
export async function withEngine<T>(
  config: Config,
  ctx: { version: string; status: StatusOutput; env?: Record<string, string | undefined> },
  work: (engine: EngineAccess) => Promise<T>,
): Promise<T> {
  const running = await findRunningEngine(config, ctx.env);
  let engine: EngineAccess;
  if (running) {
    ctx.status.log(`using the engine running at ${running.url} (data: ${running.dataDir})`);
    engine = await connectRemote(running, engineCredentials(running, ctx.env), engineTrust(config));
  } else if (givenLocation(config).port && config.server.port !== 0) {
    // With --data too, a lock on that folder says more than "nothing answers": who holds it.
    const holder = givenLocation(config).data ? await historyLockHolder(config.dataDir) : undefined;
    if (holder) throw inUseError(config, holder);
    throw new EngineError(
      'UNAVAILABLE',
      `no Watchfloor engine answers at ${engineUrl(config)} (--port ${config.server.port}); ` +
        `start it, or leave out --port to open ${config.dataDir} in this process`,
    );
  } else {
    const holder = await historyLockHolder(config.dataDir);
    if (holder) throw inUseError(config, holder);
    const where = engineUrl(config);
    ctx.status.log(
      `opening ${config.dataDir} in this process (no engine for it answers${where ? ` at ${where}` : ''})`,
    );
    engine = await startInProcess(config, ctx.version, ctx.status);
  }
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}
