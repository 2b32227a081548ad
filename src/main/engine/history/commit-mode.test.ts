// Small batches are committed on the engine's thread only while that takes a small share of its
// time: a slow disk (slow syncs) must not hold up decoding, detection and live fan-out.
import { describe, expect, it } from 'vitest';
import { CommitMode, MAX_SHARE, SYNC_ROWS, WAL_MARGIN } from './commit-mode';

/** Commits every `everyMs`, each synchronous one taking `tookMs`; returns how many were synchronous. */
function run(mode: CommitMode, clock: { now: number }, commits: number, everyMs: number, tookMs: number): number {
  let sync = 0;
  for (let i = 0; i < commits; i++) {
    clock.now += everyMs;
    if (mode.sync(200, clock.now)) {
      sync++;
      mode.took(tookMs);
    }
  }
  return sync;
}

describe('CommitMode', () => {
  it('commits small batches synchronously and large ones on DuckDB’s threads', () => {
    const mode = new CommitMode();
    expect(mode.sync(1, 0)).toBe(true);
    expect(mode.sync(SYNC_ROWS, 10)).toBe(true);
    expect(mode.sync(SYNC_ROWS + 1, 20)).toBe(false);
  });

  it('keeps quick commits on the thread, and sends them to DuckDB’s threads while the disk is slow, probing', () => {
    const logged: string[] = [];
    const mode = new CommitMode(undefined, (m) => logged.push(m));
    const clock = { now: 0 };
    // A fast disk: 1.5 ms commits every 10 ms are 15 % of the thread.
    expect(run(mode, clock, 100, 10, 1.5)).toBe(100);
    expect(mode.share).toBeLessThan(MAX_SHARE);
    // The disk slows: 10 ms syncs would take the thread most of its time.
    const slow = run(mode, clock, 400, 12, 10);
    expect(mode.share).toBeGreaterThan(MAX_SHARE);
    expect(slow).toBeLessThan(10); // a few until the average moves, then one probe in 200
    // Said once, with the figures that made it switch.
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(
      /^history: commits take \d+ % of the engine's thread, \d+\.\d ms a commit .*DuckDB's threads/,
    );
    // It recovers: quick probes bring the share back under the limit.
    const later = run(mode, clock, 2000, 10, 0.5);
    expect(later).toBeGreaterThan(500); // about 7 probes (~1,400 commits) move the average back
    expect(mode.share).toBeLessThan(MAX_SHARE);
    expect(logged).toHaveLength(2);
    expect(logged[1]).toMatch(/^history: commits are quick again .*: committing on the engine's thread$/);
  });
});

describe('CommitMode near a checkpoint', () => {
  it('sends the commit that could reach the checkpoint size to DuckDB’s threads', () => {
    let room = 10 * 1024 * 1024;
    const mode = new CommitMode(() => room);
    expect(mode.sync(200, 0)).toBe(true);
    room = WAL_MARGIN - 1;
    expect(mode.sync(200, 10)).toBe(false);
    room = 16 * 1024 * 1024; // checkpointed: the WAL starts again
    expect(mode.sync(200, 20)).toBe(true);
  });
});
