// The engine host's own calls to the central engine (remote mode), as opposed to a window's: the
// blocking alarms the station's updater asks about (`alarms.list`) and the update events it
// records there (`station.report`). They go through a link like a window's (remote-link.ts: the
// same pinned connection, the desktop's session, the same backoff and sign-in wait), over an
// in-memory port, so the session secret stays in the link as it does for windows. The link is
// made on the first call and again after it ends (a drop, a sign-out).
import { createClient, type ContractClient } from '../../../shared/rpc/client';
import type { ParamsIn, RequestName, ResultOf } from '../../../shared/contract';
import { createPortChannel, type PortLike } from '../../../shared/rpc/port-channel';
import type { ClientMessage, ServerMessage } from '../../../shared/rpc/protocol';

const CALL_TIMEOUT_MS = 15_000;

/** Two connected in-memory ports: what one posts, the other receives (cloned, on a later tick). */
export function memoryPortPair(): [PortLike, PortLike] {
  type End = { onMessage?: (data: unknown) => void; onClose?: () => void; closed: boolean };
  const ends: [End, End] = [{ closed: false }, { closed: false }];
  const closeBoth = () => {
    for (const end of ends) {
      if (end.closed) continue;
      end.closed = true;
      end.onClose?.();
    }
  };
  const port = (self: End, peer: End): PortLike => ({
    postMessage(message) {
      if (self.closed) return;
      const copy = structuredClone(message);
      queueMicrotask(() => {
        if (!peer.closed) peer.onMessage?.(copy);
      });
    },
    listen(onMessage, onClose) {
      self.onMessage = onMessage;
      self.onClose = onClose;
    },
    close: closeBoth,
  });
  return [port(ends[0], ends[1]), port(ends[1], ends[0])];
}

export class CentralCalls {
  private client: { contract: ContractClient; close(): void } | undefined;

  /** `connect` relays a port to the central engine (RemoteEngineHost.connect). */
  constructor(private readonly connect: (port: PortLike) => void) {}

  request<K extends RequestName>(method: K, params: ParamsIn<K>): Promise<ResultOf<K>> {
    this.client ??= this.open();
    return this.client.contract.request(method, params);
  }

  close(): void {
    this.client?.close();
    this.client = undefined;
  }

  private open(): { contract: ContractClient; close(): void } {
    const [mine, theirs] = memoryPortPair();
    const channel = createPortChannel<ServerMessage, ClientMessage>(mine);
    const opened = { contract: createClient(channel, { timeoutMs: CALL_TIMEOUT_MS }), close: () => channel.close() };
    channel.onStatus((status) => {
      if (status === 'closed' && this.client === opened) this.client = undefined;
    });
    this.connect(theirs);
    return opened;
  }
}
