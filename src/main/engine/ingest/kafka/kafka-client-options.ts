// Turns a Kafka source's configuration into kafkajs client options: TLS material read from the
// PEM files named in the configuration, SASL credentials, and kafkajs's own logging routed to
// the engine's log at WARN and above (kafkajs would otherwise write JSON lines to the console).
import { readFileSync } from 'node:fs';
import { logLevel, type KafkaConfig, type logCreator, type SASLOptions } from 'kafkajs';
import type { ConnectionOptions } from 'node:tls';
import { EngineError } from '../../../../shared/errors';
import type { KafkaSourceConfig } from '../../config/config-schema';

function readPem(config: KafkaSourceConfig, field: 'ca' | 'cert' | 'key', path: string | undefined) {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new EngineError(
      'BAD_REQUEST',
      `Kafka source ${config.id}: cannot read ssl.${field} ${path}: ${(err as Error).message}`,
      { source: config.id, field: `ssl.${field}`, path },
    );
  }
}

function tlsOptions(config: KafkaSourceConfig): ConnectionOptions | boolean {
  const ssl = config.ssl;
  if (typeof ssl === 'boolean') return ssl;
  const options: ConnectionOptions = { rejectUnauthorized: ssl.rejectUnauthorized };
  const ca = readPem(config, 'ca', ssl.ca);
  const cert = readPem(config, 'cert', ssl.cert);
  const key = readPem(config, 'key', ssl.key);
  if (ca !== undefined) options.ca = [ca];
  if (cert !== undefined) options.cert = cert;
  if (key !== undefined) options.key = key;
  return options;
}

function saslOptions(config: KafkaSourceConfig): SASLOptions | undefined {
  const sasl = config.sasl;
  if (!sasl) return undefined;
  const { username, password } = sasl;
  switch (sasl.mechanism) {
    case 'plain':
      return { mechanism: 'plain', username, password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username, password };
  }
}

/** The same message again within this window is not logged: kafkajs repeats itself on every
 * retry while a cluster is unreachable. */
const REPEAT_WINDOW_MS = 60_000;

/** kafkajs's messages at WARN and ERROR, one line each, prefixed with the source id. */
export function kafkaLogCreator(
  sourceId: string,
  log: (message: string) => void,
  clock: () => number = Date.now,
): logCreator {
  const lastLogged = new Map<string, number>();
  return () =>
    ({ namespace, level, log: entry }) => {
      if (level > logLevel.WARN) return;
      const { message, error } = entry as { message: string; error?: unknown };
      const why = typeof error === 'string' && !message.includes(error) ? `: ${error}` : '';
      const line = `${sourceId}: kafka ${level === logLevel.ERROR ? 'error' : 'warning'} [${namespace}] ${message}${why}`;
      const now = clock();
      const last = lastLogged.get(line);
      if (last !== undefined && now - last < REPEAT_WINDOW_MS) return;
      if (lastLogged.size > 200) lastLogged.clear();
      lastLogged.set(line, now);
      log(line);
    };
}

/** Throws EngineError BAD_REQUEST when a PEM file cannot be read. */
export function kafkaClientOptions(
  config: KafkaSourceConfig,
  log: (message: string) => void,
  clock: () => number,
): KafkaConfig {
  const sasl = saslOptions(config);
  return {
    clientId: `watchfloor-${config.id}`,
    brokers: [...config.brokers],
    ssl: tlsOptions(config),
    ...(sasl ? { sasl } : {}),
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(config.id, log, clock),
  };
}
