// Scores of every scoring model (active and shadow) in state.db, side by side, so a shadow
// model can be compared with the active one over the same period before it is activated.
// Old scores are pruned after `retentionDays`.
import type { ModelScoreSeries } from '../../../../shared/contract';
import type { StateDb } from '../../state/state-db';
import type { ModelRecord } from './model-registry';

export interface ScoreRow {
  modelId: string;
  ts: number;
  score: number;
}

export class ModelScores {
  private readonly insert;

  constructor(private readonly db: StateDb) {
    this.insert = db.prepare('INSERT INTO model_scores (model_id, ts, score) VALUES (?, ?, ?)');
  }

  append(rows: readonly ScoreRow[]): void {
    if (rows.length === 0) return;
    this.db.transaction(() => {
      for (const r of rows) this.insert.run(r.modelId, r.ts, r.score);
    })();
  }

  prune(before: number): number {
    return this.db.prepare('DELETE FROM model_scores WHERE ts < ?').run(before).changes;
  }

  /** Each model's scores in [from, to]: the highest per bucket, and counts above its threshold. */
  series(models: readonly ModelRecord[], from: number, to: number, maxPoints: number): ModelScoreSeries[] {
    const width = Math.max(1, Math.ceil((to - from + 1) / maxPoints));
    const buckets = this.db.prepare(
      `SELECT CAST((ts - ?) / ? AS INTEGER) AS b, max(score) AS s FROM model_scores
       WHERE model_id = ? AND ts >= ? AND ts <= ? GROUP BY b ORDER BY b`,
    );
    const counts = this.db.prepare(
      `SELECT count(*) AS n, coalesce(sum(score > ?), 0) AS above FROM model_scores
       WHERE model_id = ? AND ts >= ? AND ts <= ?`,
    );
    return models.map((m) => {
      const rows = buckets.all(from, width, m.id, from, to) as { b: number; s: number }[];
      const c = counts.get(m.threshold, m.id, from, to) as { n: number; above: number };
      return {
        modelId: m.id,
        version: m.version,
        status: m.status,
        threshold: m.threshold,
        ts: rows.map((r) => from + r.b * width),
        score: rows.map((r) => r.s),
        scored: c.n,
        above: c.above,
      };
    });
  }
}
