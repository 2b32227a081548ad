// Picks the transport once at boot: the shell's MessagePort inside Electron, a WebSocket to
// the serving engine anywhere else. Everything above this file is identical for both.
import type { ClientChannel } from '../../../shared/rpc/protocol';
import { createWebSocketChannel } from '../../../shared/rpc/websocket-channel';
import { createElectronChannel } from './electron-channel';

export function engineWebSocketUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}

export function openEngineChannel(): ClientChannel {
  const api = window.watchfloor;
  if (api?.runtime === 'electron') return createElectronChannel(api);
  return createWebSocketChannel(engineWebSocketUrl(location));
}
