// Device vectors: the value of each of a model's input signals at one moment, as the latest
// reading of each (sample and hold). Training builds them from history, scoring from live
// batches, with the same rule: a vector exists at each reading's timestamp once every input has
// reported, and only while none of them is stale.

export interface VectorOptions {
  /** A held value older than this (ms) makes the vector stale: none is produced. */
  maxAgeMs: number;
}

/** Keeps the latest value of each input of one model and emits vectors. */
export class VectorBuilder {
  private readonly index: Map<string, number>;
  readonly values: Float64Array;
  private readonly at: Float64Array;
  private seen = 0;

  constructor(
    readonly signals: readonly string[],
    private readonly options: VectorOptions,
  ) {
    this.index = new Map(signals.map((s, i) => [s, i]));
    this.values = new Float64Array(signals.length);
    this.at = new Float64Array(signals.length).fill(NaN);
  }

  /** Takes one reading; false when the signal is not an input. */
  set(signal: string, ts: number, value: number): boolean {
    const i = this.index.get(signal);
    if (i === undefined || !Number.isFinite(value)) return false;
    if (Number.isNaN(this.at[i]!)) this.seen++;
    if (!(ts < this.at[i]!)) {
      this.values[i] = value;
      this.at[i] = ts;
    }
    return true;
  }

  /** Whether a vector at `ts` exists: every input seen, none older than maxAgeMs. */
  ready(ts: number): boolean {
    if (this.seen < this.signals.length) return false;
    for (let i = 0; i < this.at.length; i++) if (ts - this.at[i]! > this.options.maxAgeMs) return false;
    return true;
  }
}

export interface VectorSet {
  ts: number[];
  /** Row-major n×d. */
  rows: Float64Array;
  n: number;
  /** breaks[i]: vector i does not directly follow vector i − 1 (one was rejected, stale or thinned out between). */
  breaks: boolean[];
}

/**
 * Builds vectors from time-ordered readings of one device. `keep` may reject a vector (a limit
 * breached, an annotated range). At most `maxVectors`: evenly thinned when there are more, or
 * with `thin: 'latest'` the latest ones kept in a row (what a model over consecutive vectors needs).
 */
export function buildVectors(
  readings: readonly { signal: string; ts: number; value: number }[],
  signals: readonly string[],
  options: VectorOptions & {
    maxVectors: number;
    keep?: (ts: number, values: Float64Array) => boolean;
    thin?: 'even' | 'latest';
  },
): VectorSet {
  const d = signals.length;
  const builder = new VectorBuilder(signals, options);
  const ts: number[] = [];
  let rows = new Float64Array(Math.min(readings.length, 1 << 16) * d);
  const breaks: boolean[] = [];
  let broken = true;
  let n = 0;
  for (let i = 0; i < readings.length; i++) {
    const r = readings[i]!;
    builder.set(r.signal, r.ts, r.value);
    // One vector per timestamp, after all readings at that timestamp are in.
    const next = readings[i + 1];
    if (next && next.ts === r.ts) continue;
    if (!builder.ready(r.ts) || (options.keep && !options.keep(r.ts, builder.values))) {
      broken = true;
      continue;
    }
    if ((n + 1) * d > rows.length) {
      const grown = new Float64Array(rows.length * 2 + d);
      grown.set(rows);
      rows = grown;
    }
    rows.set(builder.values, n * d);
    ts.push(r.ts);
    breaks.push(broken);
    broken = false;
    n++;
  }
  if (n <= options.maxVectors) return { ts, rows: rows.subarray(0, n * d), n, breaks };
  if (options.thin === 'latest') {
    const from = n - options.maxVectors;
    const kept = breaks.slice(from);
    kept[0] = true;
    return { ts: ts.slice(from), rows: rows.slice(from * d, n * d), n: options.maxVectors, breaks: kept };
  }
  const stride = n / options.maxVectors;
  const thinned = new Float64Array(options.maxVectors * d);
  const thinTs: number[] = [];
  for (let k = 0; k < options.maxVectors; k++) {
    const i = Math.floor(k * stride);
    thinned.set(rows.subarray(i * d, i * d + d), k * d);
    thinTs.push(ts[i]!);
  }
  return { ts: thinTs, rows: thinned, n: options.maxVectors, breaks: thinTs.map(() => true) };
}
