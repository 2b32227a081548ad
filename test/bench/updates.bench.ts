// npm run bench -- updates [--size-mb N] [--runs N] [--verifies N] [--rollout-runs N] [--stations N]
//                          [--percentage N]
//
// The station updater as it runs in the app (electron-updater's DebUpdater through the update
// service, the signed-manifest executor, Node's HTTP standing in for Electron's net), against a
// loopback feed (test/support/update-feed.ts):
//  - update: a --size-mb (100) MB signed release; per run, a fresh station (no cache) checks, verifies
//    the manifest's signature, downloads and checks the installer's sha512 — time until `downloaded`
//    (min/median/max of --runs, 5);
//  - verify: the manifest's Ed25519 signature checked alone, --verifies (2,000) times, µs each;
//  - rollout: --rollout-runs (5) runs of --stations (1,000) stations, each a real update service
//    whose install id electron-updater makes up at random on its first check, against a release at
//    --percentage (20) %: the share that took it.
// Prints one JSON document on stdout; progress on stderr.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateReleaseKeyPair, verifyManifest } from '../../src/main/release/signature';
import { makeStation, startFeedServer, writeRelease } from '../support/update-feed';

const { values: args } = parseArgs({
  options: {
    'size-mb': { type: 'string', default: '100' },
    runs: { type: 'string', default: '5' },
    verifies: { type: 'string', default: '2000' },
    'rollout-runs': { type: 'string', default: '5' },
    stations: { type: 'string', default: '1000' },
    percentage: { type: 'string', default: '20' },
  },
});
const log = (m: string) => process.stderr.write(`[bench updates] ${m}\n`);
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, min: s[0]!, median: s[Math.floor((s.length - 1) / 2)]!, max: s[s.length - 1]! };
};
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

const work = mkdtempSync(join(tmpdir(), 'wf-bench-updates-'));
const keys = generateReleaseKeyPair();

async function update() {
  const size = Math.round(Number(args['size-mb']) * 1024 * 1024);
  const release = writeRelease(join(work, 'feed'), { version: '2.0.0', keys, size });
  const feed = await startFeedServer(release.dir);
  const times: number[] = [];
  try {
    for (let run = 0; run < Number(args.runs); run++) {
      const root = mkdtempSync(join(work, 'station-'));
      const station = makeStation(root, { version: '1.0.0', keys, feed: feed.url });
      const t0 = performance.now();
      const status = await station.service.checkToEnd();
      const ms = performance.now() - t0;
      if (status.state !== 'downloaded')
        throw new Error(`run ${run}: ${status.state} ${status.problem?.message ?? ''}`);
      times.push(ms);
      log(`update run ${run + 1}: ${Math.round(ms)} ms`);
      rmSync(root, { recursive: true, force: true });
    }
  } finally {
    await feed.close();
  }
  const ms = stats(times);
  return {
    bytes: size,
    ms: { ...ms, min: round(ms.min), median: round(ms.median), max: round(ms.max) },
    medianMBps: round(size / 1024 / 1024 / (ms.median / 1000)),
    release,
  };
}

function verify(manifest: string) {
  const bytes = readFileSync(manifest);
  const sig = readFileSync(`${manifest}.sig`, 'utf8');
  const n = Number(args.verifies);
  for (let i = 0; i < 50; i++) verifyManifest(bytes, sig, keys.publicKeyPem);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    if (!verifyManifest(bytes, sig, keys.publicKeyPem).ok) throw new Error('verify failed');
  }
  return { n, manifestBytes: bytes.length, usEach: round(((performance.now() - t0) * 1000) / n) };
}

async function rollout() {
  const percentage = Number(args.percentage);
  const release = writeRelease(join(work, 'staged'), {
    version: '2.0.0',
    keys,
    size: 1024,
    stagingPercentage: percentage,
  });
  const feed = await startFeedServer(release.dir);
  const shares: number[] = [];
  try {
    for (let run = 0; run < Number(args['rollout-runs']); run++) {
      const stations = Number(args.stations);
      let took = 0;
      for (let at = 0; at < stations; at += 25) {
        const batch = Array.from({ length: Math.min(25, stations - at) }, async () => {
          const station = makeStation(mkdtempSync(join(work, 'r-')), { version: '1.0.0', keys, feed: feed.url });
          return (await station.service.checkToEnd()).state;
        });
        for (const state of await Promise.all(batch)) {
          if (state === 'downloaded') took++;
          else if (state !== 'not-in-rollout') throw new Error(`rollout: ${state}`);
        }
      }
      shares.push(round((100 * took) / stations));
      log(`rollout run ${run + 1}: ${took} of ${stations} took it`);
    }
  } finally {
    await feed.close();
  }
  return { percentage, stations: Number(args.stations), sharesPercent: shares, ...stats(shares) };
}

async function main() {
  try {
    const u = await update();
    const result = {
      update: { bytes: u.bytes, ms: u.ms, medianMBps: u.medianMBps },
      verify: verify(u.release.manifest),
      rollout: await rollout(),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
