// Runs the active and shadow models on live data. Each observed batch updates, per model, the
// latest value of each input signal and yields one device vector per reading timestamp; the
// vectors are scored through onnxruntime in batches, off the ingest path (a batch that arrives
// while a run is in flight just adds vectors to the next run). Every score is stored (active
// and shadow side by side); only the active model raises: on a score above its threshold, an
// anomaly with evidence (model, version, score, the signals contributing most) and a 'model'
// condition for the alarm service once `persistence` (k) of the last `persistenceWindow` (n)
// vectors score above its threshold (k of k = consecutive, the default), cleared when fewer do. An excursion whose first anomaly looks
// like one an expert labelled a false alarm (feedback/) is stored with `suppressedBy` and its
// condition is never told to the alarm service, from its rise to its fall.
import type { DetectedAnomaly } from '../../../../shared/contract';
import type { Reading } from '../../../../shared/domain';
import type { AlarmCondition, AlarmSink } from '../condition';
import type { LookAlikeJudge } from '../feedback/feedback-suppressor';
import { VectorBuilder } from './device-vectors';
import type { ModelRecord } from './model-registry';
import type { ModelScores, ScoreRow } from './model-scores';
import { OnnxSession } from './onnx-session';

/** Vectors waiting per model beyond this are dropped, oldest first (and counted). */
const MAX_PENDING = 20_000;
/** Vectors per onnxruntime run. */
const RUN_BATCH = 1000;

export interface ScoringDeps {
  scores: ModelScores;
  log: (message: string) => void;
  /** Held values older than this make a device vector stale. */
  maxAgeMs: number;
  /** Vectors above threshold (k) among the last `persistenceWindow` before the active model raises (one outlier is not a fault). */
  persistence: number;
  /** n of the k-of-n rule; default k (k consecutive vectors). */
  persistenceWindow?: number;
  alarms?: AlarmSink;
  report?: (anomaly: DetectedAnomaly) => void;
  /** Feedback from expert review, asked on the rising edge of an excursion only. */
  feedback?: LookAlikeJudge;
}

interface Loaded {
  model: ModelRecord;
  session: OnnxSession;
  builder: VectorBuilder;
  /** The last `window` vectors (for windowed models), oldest first. */
  history: Float64Array[];
  pendingTs: number[];
  pending: number[];
  /** The active model's condition is raised. */
  raised: boolean;
  /** Whether each of the last n vectors was above threshold (a ring), and how many were. */
  recent: Uint8Array;
  recentAt: number;
  run: number;
  /** The raised excursion looks like a labelled false alarm: its condition stays away from the alarm service. */
  suppressed: boolean;
}

export interface ScoredVector {
  ts: number;
  score: number;
  top: { signal: string; share: number }[];
}

export class ModelScoring {
  private loaded = new Map<string, Loaded>();
  private byDevice = new Map<string, Loaded[]>();
  private running: Promise<void> | null = null;
  private dropped = 0;
  scored = 0;
  private readonly cond: AlarmCondition = {
    kind: 'model',
    active: false,
    limit: NaN,
    priority: 'medium',
    onDelayMs: 0,
    offDelayMs: 0,
    message: '',
  };

  constructor(private readonly deps: ScoringDeps) {}

  /** Loads sessions for `models` (the registry's active and shadow ones) and releases the rest. */
  async load(models: readonly ModelRecord[]): Promise<void> {
    await this.idle();
    const next = new Map<string, Loaded>();
    for (const m of models) {
      const have = this.loaded.get(m.id);
      if (have && have.model.file === m.file) {
        have.model = m;
        next.set(m.id, have);
        continue;
      }
      try {
        const session = await OnnxSession.load(m.file, {
          input: m.io.input,
          output: m.io.output,
          contributions: m.io.contributions,
        });
        next.set(m.id, {
          model: m,
          session,
          builder: new VectorBuilder(m.signals, { maxAgeMs: this.deps.maxAgeMs }),
          history: [],
          pendingTs: [],
          pending: [],
          raised: false,
          recent: new Uint8Array(Math.max(this.deps.persistence, this.deps.persistenceWindow ?? 0)),
          recentAt: 0,
          run: 0,
          suppressed: false,
        });
      } catch (err) {
        this.deps.log(`model ${m.id} not loaded: ${(err as Error).message}`);
      }
    }
    for (const [id, l] of this.loaded) if (!next.has(id)) await l.session.release();
    this.loaded = next;
    this.byDevice = new Map();
    for (const l of next.values()) {
      const list = this.byDevice.get(l.model.deviceId) ?? [];
      list.push(l);
      this.byDevice.set(l.model.deviceId, list);
    }
  }

  get models(): number {
    return this.loaded.size;
  }

  /** Takes one durable live batch; scoring follows asynchronously. */
  observe(batch: readonly Reading[]): void {
    if (this.byDevice.size === 0) return;
    for (let i = 0; i < batch.length; i++) {
      const r = batch[i]!;
      if (r.quality === 'bad') continue;
      const models = this.byDevice.get(r.deviceId);
      if (!models) continue;
      // A vector per timestamp, once the device's readings at that timestamp are all in.
      const next = batch[i + 1];
      const last = !next || next.ts !== r.ts || next.deviceId !== r.deviceId;
      for (const l of models) {
        l.builder.set(r.signal, r.ts, r.value);
        if (!last) continue;
        if (l.builder.ready(r.ts)) this.enqueue(l, r.ts);
        // A stale moment breaks the sequence: a window never spans it (as in training).
        else l.history.length = 0;
      }
    }
    this.kick();
  }

  /** Resolves when every vector observed so far is scored. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    await this.idle();
    for (const l of this.loaded.values()) await l.session.release();
    this.loaded.clear();
    this.byDevice.clear();
  }

  /**
   * Scores `n` vectors (row-major, the model's signal order) through the model's session:
   * normalisation and windows as its manifest says. The entry point for tools and benchmarks.
   */
  async scoreBatch(modelId: string, rows: Float64Array, n: number): Promise<Float32Array> {
    const l = this.loaded.get(modelId);
    if (!l) throw new Error(`model ${modelId} is not loaded`);
    return (await this.run(l, rows, n)).score;
  }

  private enqueue(l: Loaded, ts: number): void {
    const values = l.builder.values;
    if (l.model.io.window > 1) {
      l.history.push(Float64Array.from(values));
      if (l.history.length > l.model.io.window) l.history.shift();
      if (l.history.length < l.model.io.window) return;
      for (const v of l.history) for (const x of v) l.pending.push(x);
    } else {
      for (const x of values) l.pending.push(x);
    }
    l.pendingTs.push(ts);
    if (l.pendingTs.length > MAX_PENDING) {
      const width = l.pending.length / l.pendingTs.length;
      l.pendingTs.shift();
      l.pending.splice(0, width);
      if (this.dropped++ % 10_000 === 0) this.deps.log(`model scoring is behind: dropped ${this.dropped} vectors`);
    }
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.drain()
      .catch((err: unknown) => this.deps.log(`model scoring failed: ${(err as Error).message}`))
      .finally(() => {
        this.running = null;
        // Vectors queued while the run was finishing (observe saw it still running) go now,
        // not with the next batch, which may be a long time coming.
        if ([...this.loaded.values()].some((l) => l.pendingTs.length > 0)) this.kick();
      });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const work = [...this.loaded.values()].filter((l) => l.pendingTs.length > 0);
      if (work.length === 0) return;
      const rows: ScoreRow[] = [];
      for (const l of work) {
        const n = Math.min(RUN_BATCH, l.pendingTs.length);
        const width = l.pending.length / l.pendingTs.length;
        const ts = l.pendingTs.splice(0, n);
        const input = Float64Array.from(l.pending.splice(0, n * width));
        let out: { score: Float32Array; contributions: Float32Array | null };
        try {
          out = await this.run(l, input, n);
        } catch (err) {
          this.deps.log(`model ${l.model.id} failed on ${n} vectors: ${(err as Error).message}`);
          continue;
        }
        this.scored += n;
        for (let i = 0; i < n; i++) {
          rows.push({ modelId: l.model.id, ts: ts[i]!, score: out.score[i]! });
          if (l.model.status === 'active') this.judge(l, ts[i]!, out, i, input);
        }
      }
      this.deps.scores.append(rows);
    }
  }

  private async run(
    l: Loaded,
    rows: Float64Array,
    n: number,
  ): Promise<{ score: Float32Array; contributions: Float32Array | null }> {
    const { io, signals } = l.model;
    const d = signals.length;
    const input = new Float32Array(rows.length);
    const norm = io.normalization;
    for (let i = 0; i < rows.length; i++) {
      const j = i % d;
      input[i] = norm ? (rows[i]! - norm.mean[j]!) / norm.std[j]! : rows[i]!;
    }
    const shape = io.rank === 3 ? [n, io.window, d] : [n, io.window * d];
    return l.session.run(input, shape);
  }

  /** Raises, holds or clears the active model's condition for one scored vector. */
  private judge(
    l: Loaded,
    ts: number,
    out: { score: Float32Array; contributions: Float32Array | null },
    i: number,
    input: Float64Array,
  ): void {
    const m = l.model;
    const score = out.score[i]!;
    const over = score > m.threshold ? 1 : 0;
    l.run += over - l.recent[l.recentAt]!;
    l.recent[l.recentAt] = over;
    l.recentAt = (l.recentAt + 1) % l.recent.length;
    const above = l.run >= this.deps.persistence;
    if (!above && !l.raised) return;
    const d = m.signals.length;
    const top = above ? topSignals(m, out.contributions, input, i) : [];
    const cond = this.cond;
    cond.active = above;
    cond.limit = m.threshold;
    cond.message = above
      ? `model ${m.id} score ${score.toFixed(2)} > ${m.threshold}` +
        (top.length ? `; most off: ${top.map((t) => `${t.signal} ${Math.round(t.share * 100)} %`).join(', ')}` : '')
      : `model ${m.id} score ${score.toFixed(2)} back under ${m.threshold}`;
    if (above && !l.raised) {
      const base = i * (input.length / out.score.length);
      const anomaly: DetectedAnomaly = {
        deviceId: m.deviceId,
        signal: '*',
        ts,
        detector: `model@${m.version}`,
        score: score / (score + m.threshold),
        kind: 'model',
        message: cond.message,
        evidence: {
          model: m.id,
          version: m.version,
          score,
          threshold: m.threshold,
          top,
          values: Object.fromEntries(
            m.signals.map((s, j) => [s, input[base + input.length / out.score.length - d + j] ?? null]),
          ),
        },
      };
      const label = this.deps.feedback?.suppressing(anomaly) ?? null;
      l.suppressed = label !== null;
      if (label !== null) anomaly.suppressedBy = label;
      this.deps.report?.(anomaly);
    }
    if (!l.suppressed) this.deps.alarms?.apply(m.deviceId, '*', cond, score, ts);
    if (!above) l.suppressed = false;
    l.raised = above;
  }
}

/**
 * The signals contributing most to a vector's score: the model's own contributions output when
 * it has one (PCA: squared residuals), else the largest normalised deviations.
 */
function topSignals(
  m: ModelRecord,
  contributions: Float32Array | null,
  input: Float64Array,
  i: number,
): { signal: string; share: number }[] {
  const d = m.signals.length;
  const parts = new Array<number>(d).fill(0);
  if (contributions && contributions.length >= (i + 1) * d) {
    for (let j = 0; j < d; j++) parts[j] = contributions[i * d + j]!;
  } else if (m.io.normalization) {
    const width = m.io.window * d;
    const base = i * width + width - d;
    for (let j = 0; j < d; j++) {
      const z = (input[base + j]! - m.io.normalization.mean[j]!) / m.io.normalization.std[j]!;
      parts[j] = z * z;
    }
  } else {
    return [];
  }
  const total = parts.reduce((a, b) => a + b, 0) || 1;
  return (
    parts
      .map((p, j) => ({ signal: m.signals[j]!, share: Math.round((p / total) * 1000) / 1000 }))
      .sort((a, b) => b.share - a.share)
      .slice(0, 3)
      // A signal with next to no part in the score is noise in the explanation.
      .filter((t, k) => k === 0 || t.share >= 0.01)
  );
}
