// The one command Watchfloor sends to edge nodes: "Node Control/Rebirth", which makes a node
// publish its NBIRTH and every DBIRTH again. A host needs it whenever DATA arrives that it cannot
// name: after Watchfloor restarts, or when a birth was lost.
import { DataType, encodeSparkplugPayload } from './sparkplug-proto';
import { nodeCommandTopic } from './sparkplug-topic';

export const REBIRTH_METRIC = 'Node Control/Rebirth';

/** The NCMD payload asking for a rebirth. NCMDs carry no seq: that belongs to the edge node. */
export function rebirthPayload(now: number): Uint8Array {
  return encodeSparkplugPayload({
    timestamp: now,
    metrics: [{ name: REBIRTH_METRIC, timestamp: now, datatype: DataType.Boolean, boolean_value: true }],
  });
}

export function rebirthCommand(group: string, edge: string, now: number): { topic: string; payload: Uint8Array } {
  return { topic: nodeCommandTopic(group, edge), payload: rebirthPayload(now) };
}
