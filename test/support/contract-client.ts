// A typed contract client wired in memory to an engine's handlers: what a window or a remote
// desktop would see, without a socket.
import type { Engine } from '../../src/main/engine/engine';
import { IN_PROCESS } from '../../src/shared/rpc/call-context';
import { createClient } from '../../src/shared/rpc/client';
import { createMemoryChannelPair } from '../../src/shared/rpc/memory-channel';
import { serveContract } from '../../src/shared/rpc/server';

export function contractClient(engine: Engine) {
  const [clientEnd, serverEnd] = createMemoryChannelPair();
  serveContract(serverEnd, engine.handlers(), { context: IN_PROCESS });
  return createClient(clientEnd);
}
