// Staged rollout: electron-updater decides from the station's persistent install id (.updaterId in
// userData) whether it is in a release's stagingPercentage. 1,000 simulated stations with seeded
// install ids, each a real UpdateService checking one loopback feed at 20 %: 20 % ± 3 take it; the
// others say `not-in-rollout` with the percentage and download nothing; and a station decides the
// same on every check. A station without an id makes a random one on its first check and keeps
// it across restarts, and raising the percentage only adds stations.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateReleaseKeyPair, type ReleaseKeyPair } from '../../src/main/release/signature';
import type { StationStatus } from '../../src/shared/contract/station';
import { makeStation, seededInstallId, startFeedServer, writeRelease, type FeedServer } from '../support/update-feed';
import { tempDirs } from '../support/temp-dir';

const dirs = tempDirs('wf-updates-rollout-');
let keys: ReleaseKeyPair;
let feed: FeedServer;

beforeAll(async () => {
  keys = generateReleaseKeyPair();
  feed = await startFeedServer(
    writeRelease(dirs.make(), { version: '1.1.0', keys, size: 1024, stagingPercentage: 20 }).dir,
  );
});

afterAll(async () => {
  await feed.close();
  dirs.removeAll();
});

function stationWithId(seed: number, feedUrl = feed.url) {
  const root = dirs.make();
  mkdirSync(join(root, 'userData'), { recursive: true });
  writeFileSync(join(root, 'userData', '.updaterId'), seededInstallId(seed));
  return makeStation(root, { version: '1.0.0', keys, feed: feedUrl });
}

/** electron-updater's install id: a UUID (v5) of 4,096 random bytes. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('staged rollout', () => {
  it('takes a 20 % release on 20 % ± 3 of 1,000 stations', async () => {
    const results: StationStatus[] = [];
    const seeds = Array.from({ length: 1000 }, (_, i) => 7919 * (i + 1));
    for (let at = 0; at < seeds.length; at += 25) {
      const batch = seeds.slice(at, at + 25).map(async (seed) => stationWithId(seed).service.checkToEnd());
      results.push(...(await Promise.all(batch)));
    }
    const took = results.filter((s) => s.state === 'downloaded');
    const waited = results.filter((s) => s.state === 'not-in-rollout');
    expect(took.length + waited.length).toBe(1000);
    expect(took.length).toBeGreaterThanOrEqual(170);
    expect(took.length).toBeLessThanOrEqual(230);
    expect(waited[0]!.available).toMatchObject({ version: '1.1.0', stagingPercentage: 20 });
    expect(waited[0]!.problem).toBeNull();
    expect(feed.requests.filter((r) => r.path.endsWith('.deb'))).toHaveLength(took.length);
  }, 120_000);

  it('decides the same on every check from the install id it keeps', async () => {
    const decisions = new Map<number, string>();
    for (const seed of [11, 12, 13, 14, 15, 16, 17, 18]) {
      const s = stationWithId(seed);
      const first = (await s.service.checkToEnd()).state;
      const second = (await s.service.checkToEnd()).state;
      expect(second).toBe(first);
      decisions.set(seed, first);
    }
    // Another station with the same id decides the same.
    for (const [seed, state] of decisions) expect((await stationWithId(seed).service.checkToEnd()).state).toBe(state);
  });

  it('makes a random install id on the first check and keeps it across a restart', async () => {
    const root = dirs.make();
    const idFile = join(root, 'userData', '.updaterId');
    const first = makeStation(root, { version: '1.0.0', keys, feed: feed.url });
    const decided = (await first.service.checkToEnd()).state;
    expect(['downloaded', 'not-in-rollout']).toContain(decided);
    const id = readFileSync(idFile, 'utf8');
    expect(id).toMatch(UUID);
    first.service.stop();

    const restarted = makeStation(root, { version: '1.0.0', keys, feed: feed.url });
    expect((await restarted.service.checkToEnd()).state).toBe(decided);
    expect(readFileSync(idFile, 'utf8')).toBe(id);

    const other = dirs.make();
    await makeStation(other, { version: '1.0.0', keys, feed: feed.url }).service.checkToEnd();
    expect(readFileSync(join(other, 'userData', '.updaterId'), 'utf8')).not.toBe(id);
  });

  it('only adds stations when the percentage is raised', async () => {
    const wider = await startFeedServer(
      writeRelease(dirs.make(), { version: '1.1.0', keys, size: 1024, stagingPercentage: 50 }).dir,
    );
    try {
      const seeds = Array.from({ length: 200 }, (_, i) => 104_729 * (i + 1));
      const at20 = await Promise.all(seeds.map(async (seed) => (await stationWithId(seed).service.checkToEnd()).state));
      const at50 = await Promise.all(
        seeds.map(async (seed) => (await stationWithId(seed, wider.url).service.checkToEnd()).state),
      );
      const took20 = seeds.filter((_, i) => at20[i] === 'downloaded');
      const took50 = seeds.filter((_, i) => at50[i] === 'downloaded');
      expect(took20.every((seed) => took50.includes(seed))).toBe(true);
      expect(took50.length).toBeGreaterThan(took20.length + 30); // about 60 more of 200
    } finally {
      await wider.close();
    }
  }, 60_000);
});
