// A bad-data label made after the fact, over readings a live series' statistics and trend have
// already learned (or a label deleted, moved or restored over them), leaves those baselines
// wrong: the fault is in them, or readings now known good are missing. This rebuilds them from
// history: the newest readings the scorer would remember (`replayReadings`, about four times
// its level's memory), minus every live bad-data range, replayed into a reset slot — nothing is
// judged on the way, so nothing alarms. The seasonal profiles keep what they learned
// (stats-bank.ts, replay).
//
// Readings the stage handles between the history read and the replay are not in the rebuilt
// state (a few at most: the replay follows the read at once); the baseline goes on from there.
import type { LabelChange, LabelRange, AnnotationIndex } from '../annotations/annotation-ports';

/** The statistics scorer and trend predictor as a rebuild needs them (StatsBank, TrendPredictor). */
export interface Replayable {
  has(seriesKey: string): boolean;
  slot(seriesKey: string): number;
  replay(slot: number, ts: ArrayLike<number>, values: ArrayLike<number>): void;
}

export interface ReseedDeps {
  index: AnnotationIndex;
  /** History's raw readings: the newest `limit` in [from, to] when `newest`, oldest first. */
  readings(
    series: readonly string[],
    from: number,
    to: number,
    limit: number,
    newest: boolean,
  ): Promise<{ ts: number; value: number }[]>;
  /** The signals of a device (for a whole-device label). */
  signalsOf(deviceId: string): readonly string[];
  stats?: Replayable;
  trend?: Replayable;
  clock: () => number;
  log: (message: string) => void;
  replayReadings: number;
}

/** A series rebuilt: which, and from how many readings. */
export interface Reseeded {
  series: string;
  readings: number;
}

export class BadDataReseed {
  private work: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ReseedDeps) {}

  /** Listens to label changes; returns the function that stops listening. */
  start(onReseeded?: (r: Reseeded) => void): () => void {
    return this.deps.index.onChange((change) => {
      for (const key of this.seriesOf(change)) {
        const task = () =>
          this.reseed(key, change).then(
            (r) => r && onReseeded?.(r),
            (e: unknown) =>
              this.deps.log(`detection: ${key} not rebuilt after a label change: ${(e as Error).message}`),
          );
        this.work = this.work.then(task, task);
      }
    });
  }

  /** Resolves once every rebuild asked for so far is done (tests). */
  idle(): Promise<void> {
    return this.work.then(() => {});
  }

  /**
   * Rebuilds one series when the change touches the readings its baselines remember; null when
   * it does not (the series is not live, or the label is older than what it remembers).
   */
  async reseed(key: string, change: LabelChange): Promise<Reseeded | null> {
    const { stats, trend, index } = this.deps;
    if (!stats?.has(key) && !trend?.has(key)) return null;
    const recent = await this.deps.readings([key], 0, this.deps.clock(), this.deps.replayReadings, true);
    if (recent.length === 0) return null;
    const first = recent[0]!.ts;
    const last = recent[recent.length - 1]!.ts;
    const touches = (l: LabelRange | null) => l !== null && l.verdict === 'bad-data' && l.to >= first && l.from <= last;
    if (!touches(change.before) && !touches(change.after)) return null;
    const slash = key.indexOf('/');
    const device = key.slice(0, slash);
    const signal = key.slice(slash + 1);
    const kept = recent.filter((r) => index.covering(device, signal, r.ts, 'bad-data') === undefined);
    const ts = Float64Array.from(kept, (r) => r.ts);
    const values = Float64Array.from(kept, (r) => r.value);
    if (stats?.has(key)) stats.replay(stats.slot(key), ts, values);
    if (trend?.has(key)) trend.replay(trend.slot(key), ts, values);
    return { series: key, readings: kept.length };
  }

  /** Series a bad-data change may concern (corrected values are an overlay: they never do). */
  private seriesOf(change: LabelChange): string[] {
    const { before, after } = change;
    if (change.action === 'corrections') return [];
    const same = (a: LabelRange, b: LabelRange) => a.from === b.from && a.to === b.to && a.signal === b.signal;
    if (before && after && before.verdict === after.verdict && same(before, after)) return []; // text, cause
    const keys = new Set<string>();
    for (const l of [change.before, change.after]) {
      if (!l || l.verdict !== 'bad-data') continue;
      const signals = l.signal === '*' ? this.deps.signalsOf(l.deviceId) : [l.signal];
      for (const s of signals) keys.add(`${l.deviceId}/${s}`);
    }
    return [...keys];
  }
}
