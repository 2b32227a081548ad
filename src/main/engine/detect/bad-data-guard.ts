// Keeps bad data out of the statistics baselines and the trend predictor: a reading inside a live
// bad-data label of its series (or of its whole device) is not fed to either — the rules still
// judge it. Asking the label index per reading would cost every quiet reading a lookup, so the
// guard keeps one flag per detection slot, "this series has a bad-data label at all", refreshed
// only when the index's revision moves (checked once per batch); covering() is asked only for
// flagged series. Nothing is allocated per reading.
import type { AnnotationIndex } from '../annotations/annotation-ports';

const BAD_DATA = ['bad-data'] as const;

export class BadDataGuard {
  private flags = new Uint8Array(0);
  private revision = -1;
  private synced = 0;

  constructor(private readonly index: AnnotationIndex) {}

  /** Once per batch: flags the slots whose series have a live bad-data label, when labels have changed. */
  sync(device: readonly string[], signal: readonly string[], count: number): void {
    const revision = this.index.revision;
    if (revision === this.revision && count === this.synced) return;
    this.room(count);
    const from = revision === this.revision ? this.synced : 0;
    for (let slot = from; slot < count; slot++) this.flag(slot, device[slot]!, signal[slot]!);
    this.revision = revision;
    this.synced = count;
  }

  /** A slot made in the middle of a batch: flagged at once. */
  added(slot: number, deviceId: string, signal: string): void {
    this.room(slot + 1);
    this.flag(slot, deviceId, signal);
  }

  /** Whether this reading lies inside a live bad-data label of its series or device. */
  excludes(slot: number, deviceId: string, signal: string, ts: number): boolean {
    return this.flags[slot] === 1 && this.index.covering(deviceId, signal, ts, 'bad-data') !== undefined;
  }

  /** Flags for at least `n` slots (doubling, so growth is rare). */
  private room(n: number): void {
    if (this.flags.length >= n) return;
    const grown = new Uint8Array(Math.max(n, this.flags.length * 2, 64));
    grown.set(this.flags);
    this.flags = grown;
  }

  private flag(slot: number, deviceId: string, signal: string): void {
    const any = this.index.rangesOf(deviceId, signal, 0, Number.MAX_SAFE_INTEGER, BAD_DATA).length > 0;
    this.flags[slot] = any ? 1 : 0;
  }
}
