// Resolves configuration once: embedded defaults ← file ← environment ← command-line flags,
// validated by the schema and frozen; the data directory becomes its real path. The entry point passes the environment in; the engine
// itself never reads process.env.
import { readFileSync } from 'node:fs';
import { EngineError } from '../../../shared/errors';
import { dataDirAsGiven, realDataDir } from './data-dir';
import { ConfigSchema, type Config, type ConfigInput } from './config-schema';

export type ConfigPatch = { [key: string]: unknown };

export interface ConfigSources {
  file?: string;
  env?: Record<string, string | undefined>;
  /** Already-parsed command-line flags, as a partial configuration. */
  flags?: ConfigPatch;
  /** Used when neither file, environment nor flags name a data directory. */
  defaultDataDir: string;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays and scalars replace. */
export function mergeConfig(base: ConfigPatch, patch: ConfigPatch): ConfigPatch {
  const out: ConfigPatch = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? mergeConfig(out[k] as ConfigPatch, v) : v;
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** WATCHFLOOR_* variables an administrator can set for a silent install. */
export function configFromEnv(env: Record<string, string | undefined>): ConfigPatch {
  const patch: ConfigPatch = {};
  if (env.WATCHFLOOR_DATA) patch.dataDir = env.WATCHFLOOR_DATA;
  const server: ConfigPatch = {};
  if (env.WATCHFLOOR_HOST) server.host = env.WATCHFLOOR_HOST;
  if (env.WATCHFLOOR_PORT) server.port = Number(env.WATCHFLOOR_PORT);
  if (Object.keys(server).length) patch.server = server;
  if (env.WATCHFLOOR_MQTT_URL) {
    patch.broker = { embedded: false };
    patch.sources = { mqtt: [{ id: 'mqtt', url: env.WATCHFLOOR_MQTT_URL }] };
  }
  if (env.WATCHFLOOR_SIMULATOR === '0' || env.WATCHFLOOR_SIMULATOR === 'false') {
    patch.simulator = { enabled: false };
  }
  return patch;
}

/** Command-line flags shared by `watchfloor serve` and the desktop app, as a configuration patch. */
export function configFromFlags(values: Record<string, string | boolean | undefined>): ConfigPatch {
  const patch: ConfigPatch = {};
  if (typeof values.data === 'string' && values.data) patch.dataDir = values.data;
  const server: ConfigPatch = {};
  if (typeof values.host === 'string') server.host = values.host;
  if (typeof values.port === 'string') {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new EngineError('BAD_REQUEST', `--port must be 0–65535, got "${values.port}"`);
    }
    server.port = port;
  }
  if (Object.keys(server).length) patch.server = server;
  if (values['no-simulator'] === true) patch.simulator = { enabled: false };
  else if (values['anomaly-injection'] === true) patch.simulator = { mode: 'injection' };
  return patch;
}

export function parseConfig(input: ConfigInput | ConfigPatch, origin = 'configuration'): Config {
  const parsed = ConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join('.') || '(root)';
    throw new EngineError('BAD_REQUEST', `${origin}: ${path}: ${issue.message}`, {
      issues: parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    });
  }
  return deepFreeze(parsed.data);
}

export function loadConfig(sources: ConfigSources): Config {
  let fromFile: ConfigPatch = {};
  if (sources.file) {
    let text: string;
    try {
      text = readFileSync(sources.file, 'utf8');
    } catch (err) {
      throw new EngineError('NOT_FOUND', `cannot read config file ${sources.file}: ${(err as Error).message}`);
    }
    try {
      const json: unknown = JSON.parse(text);
      if (!isPlainObject(json)) throw new Error('the top level must be an object');
      fromFile = json;
    } catch (err) {
      throw new EngineError('BAD_REQUEST', `config file ${sources.file} is not valid JSON: ${(err as Error).message}`);
    }
  }
  let merged: ConfigPatch = { dataDir: sources.defaultDataDir };
  merged = mergeConfig(merged, fromFile);
  merged = mergeConfig(merged, configFromEnv(sources.env ?? {}));
  merged = mergeConfig(merged, sources.flags ?? {});
  if (typeof merged.dataDir === 'string' && merged.dataDir) {
    // One name for the directory however it was spelled; the spelling is kept for the one
    // thing that depended on it before (the station id of an installation being upgraded).
    merged = { ...merged, dataDir: realDataDir(merged.dataDir), dataDirAsGiven: dataDirAsGiven(merged.dataDir) };
  }
  return parseConfig(merged, sources.file ? `config file ${sources.file}` : 'configuration');
}
