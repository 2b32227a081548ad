// Adapts the DOM's MessagePort (what an Electron window receives from the shell) to the
// transport-neutral PortLike the shared port channel is built on.
import type { PortLike } from '../../../shared/rpc/port-channel';

export function domPort(port: MessagePort): PortLike {
  return {
    postMessage: (message) => port.postMessage(message),
    listen(onMessage, onClose) {
      port.addEventListener('message', (event: MessageEvent) => onMessage(event.data));
      // Electron fires 'close' on a renderer MessagePort when the other end goes away (the
      // engine process exited); that is how a window learns it needs a fresh port.
      port.addEventListener('close', () => onClose());
      // addEventListener, unlike onmessage, does not start the port's queue by itself.
      port.start();
    },
    close: () => port.close(),
  };
}
