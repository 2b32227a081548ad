// Reads the simulator's --to address: mqtt://host:port[/topic-prefix] (mqtts:// for TLS,
// user:password@ allowed) or kafka://host:port[,host:port…]/topic. A bad address is a
// BAD_REQUEST the command line reports as a usage error.
import { EngineError } from '../../../../shared/errors';

export const DEFAULT_TOPIC_PREFIX = 'watchfloor/devices';

export type TargetAddress =
  | { kind: 'mqtt'; url: string; topicPrefix: string; username?: string; password?: string }
  | { kind: 'kafka'; brokers: string[]; topic: string };

const KAFKA_TOPIC = /^[A-Za-z0-9._-]{1,249}$/;
const HOST_PORT = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;

function bad(message: string): EngineError {
  return new EngineError('BAD_REQUEST', message);
}

export function parseTargetAddress(to: string): TargetAddress {
  const scheme = /^([a-z]+):\/\//i.exec(to)?.[1]?.toLowerCase();
  if (scheme === 'kafka') return parseKafka(to.slice('kafka://'.length));
  if (scheme === 'mqtt' || scheme === 'mqtts') return parseMqtt(to);
  throw bad(`--to must be mqtt://host:port[/topic-prefix] or kafka://host:port/topic, got "${to}"`);
}

function parseMqtt(to: string): TargetAddress {
  let u: URL;
  try {
    u = new URL(to);
  } catch {
    throw bad(`--to "${to}" is not a valid URL`);
  }
  if (!u.hostname) throw bad(`--to "${to}" names no host`);
  if (u.search || u.hash) throw bad(`--to "${to}": no query or fragment expected`);
  const path = decodeURIComponent(u.pathname).replace(/^\/+|\/+$/g, '');
  if (/[+#]/.test(path) || path.split('/').some((level) => path && !level)) {
    throw bad(`--to: "${path}" is not a topic prefix (no wildcards, no empty levels)`);
  }
  const address: TargetAddress = {
    kind: 'mqtt',
    url: `${u.protocol}//${u.host}`,
    topicPrefix: path || DEFAULT_TOPIC_PREFIX,
  };
  if (u.username) address.username = decodeURIComponent(u.username);
  if (u.password) address.password = decodeURIComponent(u.password);
  return address;
}

function parseKafka(rest: string): TargetAddress {
  const slash = rest.indexOf('/');
  const hosts = slash < 0 ? rest : rest.slice(0, slash);
  const topic = slash < 0 ? '' : rest.slice(slash + 1);
  if (!KAFKA_TOPIC.test(topic)) {
    throw bad(`--to kafka://… needs a topic (letters, digits, . _ -): kafka://host:port/topic`);
  }
  const brokers = hosts.split(',').map((h) => h.trim());
  if (brokers.length === 0 || brokers.some((h) => !HOST_PORT.test(h))) {
    throw bad(`--to kafka://…: "${hosts}" is not a list of host:port`);
  }
  return { kind: 'kafka', brokers: brokers.map((h) => (/:\d+$/.test(h) ? h : `${h}:9092`)), topic };
}

/** The address without credentials, for progress lines. */
export function describeTarget(a: TargetAddress): string {
  return a.kind === 'mqtt' ? `${a.url}/${a.topicPrefix}` : `kafka://${a.brokers.join(',')}/${a.topic}`;
}
