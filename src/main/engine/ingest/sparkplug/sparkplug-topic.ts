// Parses Sparkplug B topics: spBv1.0/{group_id}/{message_type}/{edge_node_id}[/{device_id}], and
// the primary host's spBv1.0/STATE/{host_id}. Topics arrive from brokers, so anything else is
// answered with a reason rather than a guess.

export const NAMESPACE = 'spBv1.0';

export type NodeMessageType = 'NBIRTH' | 'NDEATH' | 'NDATA' | 'NCMD';
export type DeviceMessageType = 'DBIRTH' | 'DDEATH' | 'DDATA' | 'DCMD';

export type SparkplugTopic =
  | { type: NodeMessageType; group: string; edge: string }
  | { type: DeviceMessageType; group: string; edge: string; device: string }
  | { type: 'STATE'; hostId: string };

export type TopicParse = { ok: true; topic: SparkplugTopic } | { ok: false; reason: string };

const NODE_TYPES: ReadonlySet<string> = new Set<NodeMessageType>(['NBIRTH', 'NDEATH', 'NDATA', 'NCMD']);
const DEVICE_TYPES: ReadonlySet<string> = new Set<DeviceMessageType>(['DBIRTH', 'DDEATH', 'DDATA', 'DCMD']);

/** The spec forbids the MQTT wildcards in ids; '/' cannot occur since it splits levels. */
const WILDCARD = /[+#]/;

function quote(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
}

function badId(what: string, id: string): string | undefined {
  if (id.length === 0) return `empty ${what}`;
  if (WILDCARD.test(id)) return `${what} ${quote(id)} contains an MQTT wildcard`;
  return undefined;
}

export function parseSparkplugTopic(topic: string): TopicParse {
  const parts = topic.split('/');
  if (parts[0] !== NAMESPACE)
    return { ok: false, reason: `topic ${quote(topic)} is not in the ${NAMESPACE} namespace` };

  if (parts[1] === 'STATE') {
    if (parts.length !== 3)
      return { ok: false, reason: `STATE topic ${quote(topic)} must be ${NAMESPACE}/STATE/{host_id}` };
    const problem = badId('host id', parts[2]!);
    return problem ? { ok: false, reason: problem } : { ok: true, topic: { type: 'STATE', hostId: parts[2]! } };
  }

  const [, group = '', type = '', edge = '', device] = parts;
  if (parts.length < 4 || parts.length > 5)
    return {
      ok: false,
      reason: `topic ${quote(topic)} must be ${NAMESPACE}/{group_id}/{message_type}/{edge_node_id}[/{device_id}]`,
    };
  const problem = badId('group id', group) ?? badId('edge node id', edge);
  if (problem) return { ok: false, reason: problem };

  if (NODE_TYPES.has(type)) {
    if (device !== undefined) return { ok: false, reason: `${type} is a node message and takes no device id` };
    return { ok: true, topic: { type: type as NodeMessageType, group, edge } };
  }
  if (DEVICE_TYPES.has(type)) {
    if (device === undefined) return { ok: false, reason: `${type} is a device message and needs a device id` };
    const deviceProblem = badId('device id', device);
    if (deviceProblem) return { ok: false, reason: deviceProblem };
    return { ok: true, topic: { type: type as DeviceMessageType, group, edge, device } };
  }
  return { ok: false, reason: `unknown Sparkplug message type ${quote(type)}` };
}

/** The topic a host publishes node commands (rebirth) to. */
export function nodeCommandTopic(group: string, edge: string): string {
  return `${NAMESPACE}/${group}/NCMD/${edge}`;
}
