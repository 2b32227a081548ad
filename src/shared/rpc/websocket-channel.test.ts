// A silent link is a lost link: the WebSocket channel gives up on 4.5 s without a message (the
// engine's heartbeat is every 2 s) without waiting for a close that never comes, and connects again.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWebSocketChannel, type WebSocketConstructor } from './websocket-channel';

class FakeSocket {
  static made: FakeSocket[] = [];
  readyState = 0;
  closed = false;
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  send(): void {}
  close(): void {
    this.closed = true; // a dead link: no close event follows
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  hear(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.made = [];
});
afterEach(() => vi.useRealTimers());

const options = { WebSocketImpl: FakeSocket as unknown as WebSocketConstructor, minBackoffMs: 100 };

describe('WebSocket channel', () => {
  it('stays open while heartbeats come, and reports the link lost 4.5 s after the last one', () => {
    const channel = createWebSocketChannel('ws://engine/ws', options);
    const statuses: string[] = [];
    channel.onStatus((s) => statuses.push(s));
    FakeSocket.made[0]!.open();
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(2000);
      FakeSocket.made[0]!.hear({ t: 'hb' });
    }
    expect(channel.status).toBe('open');
    vi.advanceTimersByTime(4400);
    expect(channel.status).toBe('open');
    vi.advanceTimersByTime(200);
    expect(channel.status).toBe('closed');
    expect(FakeSocket.made[0]!.closed).toBe(true);
    expect(statuses).toEqual(['open', 'closed']);

    vi.advanceTimersByTime(100);
    expect(FakeSocket.made).toHaveLength(2); // trying again
    FakeSocket.made[1]!.open();
    expect(channel.status).toBe('open');
    channel.close();
  });

  it('abandons a connection attempt that neither opens nor fails within 5 s', () => {
    const channel = createWebSocketChannel('ws://engine/ws', options);
    vi.advanceTimersByTime(5100);
    expect(FakeSocket.made[0]!.closed).toBe(true);
    vi.advanceTimersByTime(100);
    expect(FakeSocket.made).toHaveLength(2);
    channel.close();
  });
});
