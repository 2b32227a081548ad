// A feed that does not answer: the status says so plainly (which host, what it answered), checks
// are retried with backoff (1, 2, 4 … minutes, back to the normal interval after a success), the
// service keeps answering and nothing throws out of its timers; a release already downloaded stays
// installable meanwhile.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateReleaseKeyPair, type ReleaseKeyPair } from '../../src/main/release/signature';
import { makeStation, startFeedServer, writeRelease, type FeedServer, type Station } from '../support/update-feed';
import { tempDirs } from '../support/temp-dir';

const dirs = tempDirs('wf-updates-down-');
let keys: ReleaseKeyPair;
let feed: FeedServer | null = null;
let station: Station | null = null;

beforeAll(() => {
  keys = generateReleaseKeyPair();
});

afterEach(async () => {
  station?.service.stop();
  station = null;
  vi.useRealTimers();
  await feed?.close();
  feed = null;
  dirs.removeAll();
});

const minutesUntilNext = (s: { lastCheck: number | null; nextCheck: number | null }) =>
  Math.round((s.nextCheck! - s.lastCheck!) / 60_000);

describe('an unreachable feed', () => {
  it('says which feed and what it answered, retries with backoff and recovers', async () => {
    feed = await startFeedServer(writeRelease(dirs.make(), { version: '1.1.0', keys }).dir);
    feed.mode = '503';
    const host = new URL(feed.url).host;
    station = makeStation(dirs.make(), { version: '1.0.0', keys, feed: feed.url });
    const s = station;
    const checks = () => feed!.requests.filter((r) => r.path === '/latest-linux.yml').length;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    s.service.start();
    await vi.waitFor(() => expect(checks()).toBe(1));
    await vi.waitFor(async () => expect((await s.service.status()).state).toBe('error'));
    let status = await s.service.status();
    expect(status.problem).toMatchObject({
      kind: 'unreachable',
      message: `the update feed at ${host} answered HTTP 503`,
    });
    expect(minutesUntilNext(status)).toBe(1);

    for (const [n, wait, next] of [
      [2, 1, 2],
      [3, 2, 4],
      [4, 4, 8],
    ] as const) {
      await vi.advanceTimersByTimeAsync(wait * 60_000 - 1000);
      expect(checks()).toBe(n - 1); // not before its time
      await vi.advanceTimersByTimeAsync(1000);
      await vi.waitFor(() => expect(checks()).toBe(n));
      await vi.waitFor(async () => expect(minutesUntilNext(await s.service.status())).toBe(next));
    }

    feed.mode = 'down'; // the connection is dropped
    await vi.advanceTimersByTimeAsync(8 * 60_000);
    await vi.waitFor(async () =>
      expect((await s.service.status()).problem?.message).toMatch(/did not answer \(ECONNRESET\)/),
    );
    expect(minutesUntilNext(await s.service.status())).toBe(16);

    feed.mode = 'up';
    await vi.advanceTimersByTimeAsync(16 * 60_000);
    await vi.waitFor(async () => expect((await s.service.status()).state).toBe('downloaded'), { timeout: 5000 });
    status = await s.service.status();
    expect(status.problem).toBeNull();
    expect(minutesUntilNext(status)).toBe(240); // the normal interval again
  });

  it('caps the backoff at an hour, and check() answers (never throws) while the feed is down', async () => {
    feed = await startFeedServer(writeRelease(dirs.make(), { version: '1.1.0', keys }).dir);
    feed.mode = '503';
    station = makeStation(dirs.make(), { version: '1.0.0', keys, feed: feed.url });
    let status = await station.service.checkToEnd();
    for (let i = 0; i < 8; i++) status = await station.service.checkToEnd();
    expect(status.state).toBe('error');
    expect(minutesUntilNext(status)).toBe(60);
    const before = feed.requests.length;
    const [a, b] = await Promise.all([station.service.checkToEnd(), station.service.checkToEnd()]); // the second joins the first
    expect(feed.requests.length - before).toBe(1);
    expect(a.lastCheck).toBe(b.lastCheck);
  });

  it('keeps a downloaded release installable while the feed is down, and reports the feed', async () => {
    feed = await startFeedServer(writeRelease(dirs.make(), { version: '1.1.0', keys }).dir);
    station = makeStation(dirs.make(), { version: '1.0.0', keys, feed: feed.url });
    expect((await station.service.checkToEnd()).state).toBe('downloaded');
    feed.mode = '503';
    const status = await station.service.checkToEnd();
    expect(status).toMatchObject({
      state: 'downloaded',
      available: { version: '1.1.0' },
      problem: { kind: 'unreachable' },
    });
    await station.service.install('now', { user: 'olga', role: 'operator' });
    expect(station.installs).toHaveLength(1);
  });

  it('reports a feed whose host refuses connections (after electron-updater’s own retries)', async () => {
    feed = await startFeedServer(dirs.make());
    const url = feed.url;
    await feed.close();
    feed = null;
    station = makeStation(dirs.make(), { version: '1.0.0', keys, feed: url });
    const status = await station.service.checkToEnd();
    expect(status).toMatchObject({ state: 'error', problem: { kind: 'unreachable' } });
    expect(status.problem!.message).toBe(`the update feed at ${new URL(url).host} did not answer (ECONNREFUSED)`);
    expect(minutesUntilNext(status)).toBe(1);
  });

  it('reports a feed with no manifest for the channel, and a missing feed folder', async () => {
    feed = await startFeedServer(dirs.make());
    station = makeStation(dirs.make(), { version: '1.0.0', keys, feed: feed.url });
    expect((await station.service.checkToEnd()).problem?.message).toMatch(
      /has no release manifest for this channel \(HTTP 404\)/,
    );

    const folder = dirs.make();
    const lan = makeStation(dirs.make(), { version: '1.0.0', keys, feed: `${folder}/not-mounted` });
    const status = await lan.service.checkToEnd();
    expect(status).toMatchObject({ state: 'error', problem: { kind: 'unreachable' } });
    expect(status.problem!.message).toMatch(/feed folder .*not-mounted does not exist/);
  });
});
