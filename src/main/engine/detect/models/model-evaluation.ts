// Models judged against the labels of their device (models.evaluate), so that Settings → Models
// can show how a shadow model would have done beside the active one before anyone activates it.
//
// Definition (also in docs/operator-guide.md, Models):
// - The labelled ranges are the device's live labels on any of the model's input signals or on
//   the whole device. Positives are true-anomaly ranges; negatives are false-alarm and
//   change-of-operating-point ranges. Other verdicts (maintenance, bad data, unsure) say nothing
//   about whether a model should flag, and are left out.
// - Each range is scored with the model on its stored readings, built into device vectors the way
//   live scoring builds them (device-vectors.ts: sample and hold, stale inputs make no vector; the
//   readings from maxAgeMs before the range supply the held values) and run through the same
//   ModelScoring → OnnxSession code the live engine uses. A range is flagged when the live alarm
//   rule would raise inside it: `persistence` (k) of the last `persistenceWindow` (n) vectors
//   above the model's threshold (k = 1 when not given: one vector above it). Models whose limit
//   is a 99 % quantile (dpca) have one normal vector in a hundred above it by design; only the
//   sustained rule says whether an operator would have seen an alarm.
// - detected = flagged positives, falseAlarms = flagged negatives;
//   precision = detected / (detected + falseAlarms), recall = detected / positives,
//   F1 = 2·P·R / (P + R); each null when there is nothing to divide by.
// - A range with no vector (no readings stored, or too few inputs) is `unscored` and counts in no
//   figure.
// Every model of the device is evaluated: active, shadow and retired (one short-lived session
// each, released after); a cancelled call stops between ranges.
import type { ModelEvaluation } from '../../../../shared/contract/annotations';
import { EngineError } from '../../../../shared/errors';
import type { AnnotationIndex, LabelRange } from '../../annotations/annotation-ports';
import { buildVectors } from './device-vectors';
import type { ModelRecord } from './model-registry';
import type { ModelScores } from './model-scores';
import { ModelScoring } from './model-scoring';
import type { RawReadings } from './model-trainer';

const POSITIVE = new Set(['true-anomaly']);
const NEGATIVE = new Set(['false-alarm', 'operating-point']);
const MAX_READINGS = 2_000_000;
const MAX_VECTORS = 200_000;

export interface EvaluationDeps {
  labels: AnnotationIndex;
  models: (deviceId: string) => ModelRecord[];
  scores: ModelScores;
  rawReadings: RawReadings;
  maxAgeMs: number;
  log: (message: string) => void;
  deviceExists: (id: string) => boolean;
  /** The live sustained-alarm rule (models.persistence of models.persistenceWindow); absent: one vector. */
  sustain?: { persistence: number; persistenceWindow?: number };
}

/** The labelled ranges that judge a model: positives and negatives on its inputs or the whole device. */
export function judgingRanges(labels: AnnotationIndex, m: Pick<ModelRecord, 'deviceId' | 'signals'>): LabelRange[] {
  const byId = new Map<string, LabelRange>();
  for (const s of m.signals) {
    for (const l of labels.rangesOf(m.deviceId, s, 0, Number.MAX_SAFE_INTEGER)) {
      if (POSITIVE.has(l.verdict) || NEGATIVE.has(l.verdict)) byId.set(l.id, l);
    }
  }
  return [...byId.values()].sort((a, b) => a.from - b.from);
}

/** Precision, recall and F1 from counts (null where undefined). */
export function figures(c: { positives: number; detected: number; falseAlarms: number }) {
  const flagged = c.detected + c.falseAlarms;
  const precision = flagged > 0 ? c.detected / flagged : null;
  const recall = c.positives > 0 ? c.detected / c.positives : null;
  const f1 =
    precision !== null && recall !== null && precision + recall > 0
      ? (2 * precision * recall) / (precision + recall)
      : precision !== null && recall !== null
        ? 0
        : null;
  return { precision, recall, f1 };
}

export async function evaluateModels(
  deps: EvaluationDeps,
  deviceId: string,
  signal?: AbortSignal,
): Promise<ModelEvaluation[]> {
  if (!deps.deviceExists(deviceId)) throw new EngineError('NOT_FOUND', `no device ${deviceId}`);
  const out: ModelEvaluation[] = [];
  for (const m of deps.models(deviceId)) {
    const ranges = judgingRanges(deps.labels, m);
    const counts = { positives: 0, detected: 0, negatives: 0, falseAlarms: 0, unscored: 0 };
    if (ranges.length > 0) {
      const scoring = new ModelScoring({ scores: deps.scores, log: deps.log, maxAgeMs: deps.maxAgeMs, persistence: 1 });
      try {
        await scoring.load([m]);
        for (const r of ranges) {
          signal?.throwIfAborted();
          const flagged = await flags(deps, scoring, m, r);
          if (flagged === null) {
            counts.unscored++;
            continue;
          }
          if (POSITIVE.has(r.verdict)) {
            counts.positives++;
            if (flagged) counts.detected++;
          } else {
            counts.negatives++;
            if (flagged) counts.falseAlarms++;
          }
        }
      } catch (err) {
        if (signal?.aborted) throw err;
        throw new EngineError('UNAVAILABLE', `model ${m.id} could not be scored: ${(err as Error).message}`);
      } finally {
        await scoring.stop();
      }
    }
    out.push({ modelId: m.id, status: m.status, ...counts, ...figures(counts) });
  }
  return out;
}

/** Whether the model flags the range (a vector above threshold); null when nothing could be scored. */
async function flags(
  deps: EvaluationDeps,
  scoring: ModelScoring,
  m: ModelRecord,
  r: LabelRange,
): Promise<boolean | null> {
  const window = m.io.window;
  // Held values come from before the range, and windowed models need the vectors leading into it.
  const lead = deps.maxAgeMs * Math.max(1, window);
  const readings = await deps.rawReadings(
    m.signals.map((s) => `${m.deviceId}/${s}`),
    Math.max(0, r.from - lead),
    r.to,
    MAX_READINGS,
  );
  const prefix = m.deviceId.length + 1;
  const set = buildVectors(
    readings.map((x) => ({ signal: x.series.slice(prefix), ts: x.ts, value: x.value })),
    m.signals,
    { maxAgeMs: deps.maxAgeMs, maxVectors: MAX_VECTORS },
  );
  const d = m.signals.length;
  // Vectors (or windows ending) inside the range, row-major as the session takes them.
  const rows: number[] = [];
  let n = 0;
  for (let i = 0; i < set.n; i++) {
    const ts = set.ts[i]!;
    if (ts < r.from || ts > r.to || i + 1 < window) continue;
    for (let k = i + 1 - window; k <= i; k++) for (let j = 0; j < d; j++) rows.push(set.rows[k * d + j]!);
    n++;
  }
  if (n === 0) return null;
  const scores = await scoring.scoreBatch(m.id, Float64Array.from(rows), n);
  const k = deps.sustain?.persistence ?? 1;
  const recent = new Uint8Array(Math.max(k, deps.sustain?.persistenceWindow ?? k));
  let over = 0;
  for (let i = 0; i < scores.length; i++) {
    const above = scores[i]! > m.threshold ? 1 : 0;
    over += above - recent[i % recent.length]!;
    recent[i % recent.length] = above;
    if (over >= k) return true;
  }
  return false;
}
