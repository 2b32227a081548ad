// Staged rollout: electron-updater decides from the station's persistent install id (.updaterId in
// userData) whether it is in a release's stagingPercentage. 1,000 simulated stations with seeded
// install ids, each a real UpdateService checking one loopback feed at 20 %: 20 % ± 3 take it; the
// others say `not-in-rollout` with the percentage and download nothing; and a station decides the
// same on every check.
import { mkdirSync, writeFileSync } from 'node:fs';
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

function stationWithId(seed: number) {
  const root = dirs.make();
  mkdirSync(join(root, 'userData'), { recursive: true });
  writeFileSync(join(root, 'userData', '.updaterId'), seededInstallId(seed));
  return makeStation(root, { version: '1.0.0', keys, feed: feed.url });
}

describe('staged rollout', () => {
  it('takes a 20 % release on 20 % ± 3 of 1,000 stations', async () => {
    const results: StationStatus[] = [];
    const seeds = Array.from({ length: 1000 }, (_, i) => 7919 * (i + 1));
    for (let at = 0; at < seeds.length; at += 25) {
      const batch = seeds.slice(at, at + 25).map(async (seed) => stationWithId(seed).service.check());
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
      const first = (await s.service.check()).state;
      const second = (await s.service.check()).state;
      expect(second).toBe(first);
      decisions.set(seed, first);
    }
    // Another station with the same id decides the same.
    for (const [seed, state] of decisions) expect((await stationWithId(seed).service.check()).state).toBe(state);
  });
});
