import { describe, expect, it } from 'vitest';
import { AppLocation } from './app-location';
import { IpcChannel } from './ipc-channels';
import { PortHandoff } from './port-handoff';
import {
  FakeIpcMain,
  FakeScreen,
  FakeWebContents,
  display,
  fakeBrowserWindowClass,
  fakeMessageChannelClass,
  frame,
  type FakePort,
} from './testing/electron-fakes';
import { WindowManager } from './window-manager';
import type { BrowserWindowLike, MessagePortMainLike } from './electron-api';

function setup(displays = [display(1, 0, 0)]) {
  const location = AppLocation.fromFile('/app/out/renderer/index.html');
  const { BrowserWindow, created } = fakeBrowserWindowClass();
  const windows = new WindowManager({
    BrowserWindow,
    screen: new FakeScreen(displays),
    location,
    preload: '/app/out/preload/index.cjs',
    appVersion: '1.0.0',
  });
  const ipcMain = new FakeIpcMain();
  const { MessageChannelMain, created: channels } = fakeMessageChannelClass();
  const toEngine: MessagePortMainLike[] = [];
  const refusals: string[] = [];
  const handoff = new PortHandoff({
    ipcMain,
    MessageChannelMain,
    location,
    engine: { connect: (port) => toEngine.push(port) },
    windows,
    log: (m) => refusals.push(m),
  });
  handoff.start();
  const win = windows.openMain();
  return { handoff, ipcMain, channels, toEngine, refusals, windows, win, created, location };
}

describe('PortHandoff', () => {
  it('gives our page port1’s peer and the engine port1', () => {
    const { ipcMain, channels, toEngine, win, location } = setup();
    ipcMain.send(IpcChannel.enginePort, win.webContents, frame(`${location.url}#/wall`));
    expect(channels).toHaveLength(1);
    expect(toEngine).toEqual([channels[0]!.port1]);
    const posted = (win.webContents as FakeWebContents).posted;
    expect(posted).toEqual([{ channel: IpcChannel.enginePort, message: null, transfer: [channels[0]!.port2] }]);
    // The two ends really are one pipe: what the page sends reaches the engine's end.
    const received: unknown[] = [];
    (toEngine[0] as FakePort).on('message', (e: { data: unknown }) => received.push(e.data));
    channels[0]!.port2.postMessage({ t: 'req', id: 1, method: 'engine.health' });
    expect(received).toEqual([{ t: 'req', id: 1, method: 'engine.health' }]);
  });

  it('refuses a request from a foreign page, even inside our window', () => {
    const { ipcMain, channels, toEngine, win, refusals } = setup();
    ipcMain.send(IpcChannel.enginePort, win.webContents, frame('https://evil.example/'));
    ipcMain.send(IpcChannel.enginePort, win.webContents, frame('file:///tmp/other.html'));
    expect(channels).toHaveLength(0);
    expect(toEngine).toHaveLength(0);
    expect((win.webContents as FakeWebContents).posted).toHaveLength(0);
    expect(refusals.join('\n')).toContain('foreign page https://evil.example/');
  });

  it('refuses sub-frames, vanished frames and webContents that are not our windows', () => {
    const { ipcMain, toEngine, win, location } = setup();
    ipcMain.send(IpcChannel.enginePort, win.webContents, frame(location.url, frame(location.url)));
    ipcMain.send(IpcChannel.enginePort, win.webContents, null);
    const stranger = new FakeWebContents();
    ipcMain.send(IpcChannel.enginePort, stranger, frame(location.url));
    expect(toEngine).toHaveLength(0);
    expect(stranger.posted).toHaveLength(0);
  });

  it('after an engine restart, hands a fresh port to windows that did not ask meanwhile', () => {
    const { handoff, ipcMain, windows, toEngine, location } = setup([display(1, 0, 0), display(2, 1920, 0)]);
    windows.openOnEveryDisplay();
    const [first, second] = windows.all() as [BrowserWindowLike, BrowserWindowLike];
    ipcMain.send(IpcChannel.enginePort, first.webContents, frame(location.url));
    ipcMain.send(IpcChannel.enginePort, second.webContents, frame(location.url));
    expect(toEngine).toHaveLength(2);

    handoff.engineExited();
    ipcMain.send(IpcChannel.enginePort, first.webContents, frame(location.url)); // asked while it was down
    handoff.reconnectAll();
    expect((first.webContents as FakeWebContents).posted).toHaveLength(2); // no duplicate
    expect((second.webContents as FakeWebContents).posted).toHaveLength(2); // pushed unprompted
    expect(toEngine).toHaveLength(4);
  });

  it('stops listening when stopped', () => {
    const { handoff, ipcMain } = setup();
    expect(ipcMain.listenerCount(IpcChannel.enginePort)).toBe(1);
    handoff.stop();
    expect(ipcMain.listenerCount(IpcChannel.enginePort)).toBe(0);
  });
});
