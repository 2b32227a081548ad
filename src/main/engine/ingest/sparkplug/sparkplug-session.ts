// Sparkplug B host state for every edge node seen on a broker: births define metrics, DATA is
// read against them, deaths are reported at once. No I/O: callers hand in messages and receive
// the decoded readings; discoveries, deaths and rebirth requests leave through the callbacks.
// Everything on the wire is untrusted, so a bad message or metric becomes a rejection with a
// reason and never disturbs the state of other nodes.
import type { DecodeOptions, DecodeResult } from '../decode-json';
import { timeRefusal } from '../reading-time';
import { decodeSparkplugPayload, type Metric, type Payload } from './sparkplug-proto';
import { deviceDeviceId, nodeDeviceId } from './sparkplug-names';
import { MetricScope, resolveByName, type MetricDef } from './sparkplug-scope';
import { parseSparkplugTopic } from './sparkplug-topic';
import { metricReason, readMetric } from './sparkplug-readings';
import { bigintToNumber } from './sparkplug-values';

export interface SparkplugBirth {
  deviceId: string;
  signals: { key: string; unit: string }[];
}

/** Which node or device a death came from, for callers that track more than device ids. */
export interface SparkplugDeathOrigin {
  group: string;
  edge: string;
  device?: string;
}

export interface SparkplugSessionDeps {
  onBirth: (birth: SparkplugBirth) => void;
  /** Node death: the node's device id and those of all its born devices. Device death: one id. */
  onDeath: (deviceIds: string[], ts: number, origin: SparkplugDeathOrigin) => void;
  /** Publish an NCMD "Node Control/Rebirth"; already rate-limited per node. */
  requestRebirth: (group: string, edge: string) => void;
}

export interface SparkplugSessionOptions {
  /** At most one rebirth request per node per this many ms. */
  rebirthIntervalMs: number;
  /** Bounds on state a misbehaving or hostile publisher can make us hold. */
  maxNodes: number;
  maxDevicesPerNode: number;
}

export const DEFAULT_SESSION_OPTIONS: SparkplugSessionOptions = {
  rebirthIntervalMs: 5000,
  maxNodes: 10_000,
  maxDevicesPerNode: 10_000,
};

export interface SparkplugStats {
  messages: number;
  /** STATE, NCMD and DCMD: other hosts' traffic (and our own commands), not telemetry. */
  ignored: number;
  skipped: { notNumeric: number; null: number; control: number };
  outOfOrderSeq: number;
  rebirthRequests: number;
  /** NDEATHs whose bdSeq did not match the live session's birth: a late will from an old connection. */
  staleDeaths: number;
}

interface NodeState {
  /** The scope of the node's own metrics; undefined until NBIRTH. */
  node: MetricScope | undefined;
  devices: Map<string, MetricScope>;
  seq: number | undefined;
  bdSeq: bigint | undefined;
  lastRebirthAt: number | undefined;
}

/** One decoded message on its way through the session. */
interface Message {
  payload: Payload;
  /** The message as it came: what a rejected metric's dead letter keeps (a re-queue decodes it again). */
  raw: Uint8Array;
  /** Payload time, for metrics without their own. */
  ts: number;
  opts: DecodeOptions;
  out: DecodeResult;
}

function bdSeqOf(payload: Payload): bigint | undefined {
  const m = payload.metrics.find((x) => x.name === 'bdSeq');
  if (m?.value === 'long_value') return m.long_value;
  if (m?.value === 'int_value') return BigInt(m.int_value!);
  return undefined;
}

export class SparkplugSession {
  private readonly nodes = new Map<string, NodeState>();
  private readonly options: SparkplugSessionOptions;
  private readonly counters: SparkplugStats = {
    messages: 0,
    ignored: 0,
    skipped: { notNumeric: 0, null: 0, control: 0 },
    outOfOrderSeq: 0,
    rebirthRequests: 0,
    staleDeaths: 0,
  };

  constructor(
    private readonly deps: SparkplugSessionDeps,
    options: Partial<SparkplugSessionOptions> = {},
  ) {
    this.options = { ...DEFAULT_SESSION_OPTIONS, ...options };
  }

  stats(): SparkplugStats {
    return structuredClone(this.counters);
  }

  /** Decodes one message from the broker. Never throws on bad input. */
  handle(topic: string, payload: Uint8Array, opts: DecodeOptions): DecodeResult {
    const out: DecodeResult = { readings: [], rejects: [] };
    this.counters.messages++;
    const parsed = parseSparkplugTopic(topic);
    if (!parsed.ok) return reject(out, parsed.reason, payload);
    const t = parsed.topic;
    if (t.type === 'STATE' || t.type === 'NCMD' || t.type === 'DCMD') {
      this.counters.ignored++;
      return out;
    }
    if (payload.byteLength > opts.maxPayloadBytes) {
      const reason = `payload of ${payload.byteLength} bytes exceeds the ${opts.maxPayloadBytes}-byte limit`;
      return reject(out, reason, payload);
    }
    let decoded: Payload;
    try {
      decoded = decodeSparkplugPayload(payload);
    } catch (err) {
      return reject(out, `${t.type} payload is not a valid Sparkplug B protobuf: ${(err as Error).message}`, payload);
    }
    const node = this.nodeState(t.group, t.edge);
    if (!node) {
      return reject(out, `more than ${this.options.maxNodes} edge nodes: ${t.group}/${t.edge} ignored`, payload);
    }

    const msg: Message = { payload: decoded, raw: payload, ts: payloadTime(decoded, opts), opts, out };
    if (t.type !== 'NBIRTH' && t.type !== 'NDEATH') this.checkSeq(node, decoded);
    switch (t.type) {
      case 'NBIRTH':
        // A new NBIRTH starts a new session: every device must birth again after it.
        node.devices.clear();
        node.seq = decoded.seq === undefined ? undefined : Number(decoded.seq % 256n);
        node.bdSeq = bdSeqOf(decoded);
        node.node = this.birthScope(nodeDeviceId(t.group, t.edge), msg);
        break;
      case 'DBIRTH':
        if (!node.devices.has(t.device) && node.devices.size >= this.options.maxDevicesPerNode) {
          const reason = `more than ${this.options.maxDevicesPerNode} devices on ${t.group}/${t.edge}: ${t.device} ignored`;
          return reject(out, reason, payload);
        }
        // The device is readable on its own, but without NBIRTH we do not know the node's session.
        if (!node.node) this.rebirth(t, node, opts.now);
        node.devices.set(t.device, this.birthScope(deviceDeviceId(t.group, t.edge, t.device), msg));
        break;
      case 'NDATA':
        this.data(t, node, node.node, nodeDeviceId(t.group, t.edge), msg);
        break;
      case 'DDATA':
        this.data(t, node, node.devices.get(t.device), deviceDeviceId(t.group, t.edge, t.device), msg);
        break;
      case 'NDEATH':
        this.nodeDeath(t, node, decoded, opts.now);
        break;
      case 'DDEATH':
        node.devices.delete(t.device);
        this.deps.onDeath([deviceDeviceId(t.group, t.edge, t.device)], msg.ts, {
          group: t.group,
          edge: t.edge,
          device: t.device,
        });
        break;
    }
    return out;
  }

  private nodeState(group: string, edge: string): NodeState | undefined {
    const key = `${group}/${edge}`;
    let node = this.nodes.get(key);
    if (!node) {
      if (this.nodes.size >= this.options.maxNodes) return undefined;
      node = { node: undefined, devices: new Map(), seq: undefined, bdSeq: undefined, lastRebirthAt: undefined };
      this.nodes.set(key, node);
    }
    return node;
  }

  /** Sequence numbers run 0–255 across all of a node's messages after NBIRTH; a gap means a
   * message was lost or reordered. Counted for diagnosis, not acted on. */
  private checkSeq(node: NodeState, payload: Payload): void {
    if (payload.seq === undefined) return;
    const seq = Number(payload.seq % 256n);
    if (node.seq !== undefined && seq !== (node.seq + 1) % 256) this.counters.outOfOrderSeq++;
    node.seq = seq;
  }

  private rebirth(t: { group: string; edge: string }, node: NodeState, now: number): void {
    if (node.lastRebirthAt !== undefined && now - node.lastRebirthAt < this.options.rebirthIntervalMs) return;
    node.lastRebirthAt = now;
    this.counters.rebirthRequests++;
    this.deps.requestRebirth(t.group, t.edge);
  }

  /** Registers a birth's metrics, reads their current values, and announces the device. */
  private birthScope(deviceId: string, msg: Message): MetricScope {
    const scope = new MetricScope(deviceId);
    for (const m of msg.payload.metrics) {
      const defined = scope.define(m);
      if ('reason' in defined)
        msg.out.rejects.push({ reason: metricReason(deviceId, m, defined.reason), raw: msg.raw });
      else this.read(deviceId, defined.def, m, msg);
    }
    this.deps.onBirth({ deviceId, signals: scope.signals() });
    return scope;
  }

  private data(
    t: { group: string; edge: string },
    node: NodeState,
    scope: MetricScope | undefined,
    deviceId: string,
    msg: Message,
  ): void {
    // Without the birth (Watchfloor restarted, or the birth was lost) only self-describing
    // metrics can be read; ask the node to send its births again.
    let stale = !node.node || !scope;
    if (msg.payload.metrics.length === 0) {
      const unborn = stale ? ', and its birth was not seen' : '';
      msg.out.rejects.push({ reason: `a DATA message for ${deviceId} carries no metrics${unborn}`, raw: msg.raw });
    }
    for (const m of msg.payload.metrics) {
      const resolved = scope ? scope.resolve(m) : resolveByName(m);
      if ('reason' in resolved) {
        stale = true;
        msg.out.rejects.push({ reason: metricReason(deviceId, m, resolved.reason), raw: msg.raw });
        continue;
      }
      this.read(deviceId, resolved.def, m, msg);
    }
    if (stale) this.rebirth(t, node, msg.opts.now);
  }

  private read(deviceId: string, def: MetricDef, m: Metric, msg: Message): void {
    const outcome = readMetric(deviceId, def, m, msg.ts, msg.opts);
    if ('reading' in outcome) msg.out.readings.push(outcome.reading);
    else if ('rejected' in outcome) msg.out.rejects.push({ reason: outcome.rejected, raw: msg.raw });
    else if (outcome.skipped === 'control') this.counters.skipped.control++;
    else if (outcome.skipped === 'null') this.counters.skipped.null++;
    else this.counters.skipped.notNumeric++;
  }

  /** The NDEATH payload is the will the node registered when it connected, so its timestamp
   * is that old: the death happened when the broker delivered it. */
  private nodeDeath(t: { group: string; edge: string }, node: NodeState, payload: Payload, now: number): void {
    const bdSeq = bdSeqOf(payload);
    if (bdSeq !== undefined && node.bdSeq !== undefined && bdSeq !== node.bdSeq) {
      this.counters.staleDeaths++;
      return;
    }
    const ids = [nodeDeviceId(t.group, t.edge), ...[...node.devices.values()].map((d) => d.deviceId)];
    node.node = undefined;
    node.devices.clear();
    node.seq = undefined;
    node.bdSeq = undefined;
    this.deps.onDeath(ids, now, { group: t.group, edge: t.edge });
  }
}

/** The payload's time, else the engine's. An implausible one (beyond 2^53 or outside the
 * reading-time limits) falls back too; metrics that carry their own time are checked on their own. */
function payloadTime(payload: Payload, opts: DecodeOptions): number {
  if (payload.timestamp === undefined || payload.timestamp === 0n) return opts.now;
  const { value, exact } = bigintToNumber(payload.timestamp);
  return exact && timeRefusal(value, opts) === undefined ? value : opts.now;
}

function reject(out: DecodeResult, reason: string, raw: Uint8Array): DecodeResult {
  out.rejects.push({ reason, raw });
  return out;
}
