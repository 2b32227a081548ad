// Runs in Node, whose MessageChannel and MessageEvent behave like the DOM's: enough to check
// the desktop transport's port hand-over without an Electron runtime.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PORT_MESSAGE, type WatchfloorPreloadApi } from '../../../shared/preload-api';
import type { ChannelStatus, ClientChannel } from '../../../shared/rpc/protocol';
import { createElectronChannel } from './electron-channel';

function fakeShell() {
  const target = new EventTarget();
  const engineEnds: MessagePort[] = [];
  const api: WatchfloorPreloadApi = {
    runtime: 'electron',
    versions: { app: '0', electron: '0', chrome: '0' },
    platform: 'test',
    connect: vi.fn(() => {
      const { port1, port2 } = new MessageChannel();
      engineEnds.push(port1);
      target.dispatchEvent(new MessageEvent('message', { data: PORT_MESSAGE, ports: [port2] }));
    }),
  };
  return { api, target: target as unknown as Window, engineEnds };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

let channel: ClientChannel | undefined;
afterEach(() => channel?.close());

describe('electron channel', () => {
  it('opens on the port the shell sends and carries messages both ways', async () => {
    const shell = fakeShell();
    channel = createElectronChannel(shell.api, shell.target);
    expect(channel.status).toBe('open');
    const received: unknown[] = [];
    channel.onMessage((m) => received.push(m));
    const engine = shell.engineEnds[0]!;
    const sent: unknown[] = [];
    engine.addEventListener('message', (e) => sent.push((e as MessageEvent).data));
    engine.start();
    channel.send({ t: 'req', id: 1, method: 'engine.health', params: {} });
    engine.postMessage({ t: 'res', id: 1, ok: true, data: 'hi' });
    await until(() => sent.length === 1 && received.length === 1);
  });

  it('reports closed when the engine end goes away, then asks for a fresh port', async () => {
    const shell = fakeShell();
    channel = createElectronChannel(shell.api, shell.target);
    const statuses: ChannelStatus[] = [];
    channel.onStatus((s) => statuses.push(s));
    shell.engineEnds[0]!.close();
    await until(() => statuses.length >= 2);
    expect(statuses.slice(0, 2)).toEqual(['closed', 'open']);
    expect(shell.api.connect).toHaveBeenCalledTimes(2);
  });

  it('ignores window messages that are not the engine port', () => {
    const shell = fakeShell();
    shell.api.connect = vi.fn();
    channel = createElectronChannel(shell.api, shell.target);
    shell.target.dispatchEvent(
      new MessageEvent('message', { data: 'something else', ports: [new MessageChannel().port1] }),
    );
    expect(channel.status).toBe('closed');
  });
});
