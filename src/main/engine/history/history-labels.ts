// What history takes from expert labels: the live bad-data ranges of each series (its own labels
// and its device's whole-device "*" ones), read only through the engine's AnnotationIndex port,
// and the corrected values an expert entered for them. Bad data is left out of rollups (at
// compaction, and rebuilt when a label changes: rollup-rebuild.ts) and of range statistics at
// every tier; a raw-tier query still returns every reading, so a chart can grey the range. Exports
// carry, per raw reading, the bad-data label it lies in and its corrected value (history-export.ts).
//
// A crash between a label's write to state.db and its rebuild would leave rollups wrong for ever:
// history records, with every rebuild and compaction, which bad-data ranges the rollups reflect
// (rollup-labels.ts), and `use` starts by rebuilding every label out of step with that record.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CorrectedSeries } from '../../../shared/contract/annotations';
import type { AnnotationIndex, LabelChange } from '../annotations/annotation-ports';
import { keepSql, type BadRange } from './bad-ranges';
import type { KeepCondition } from './compactor';
import type { KeepSql } from './history-query';
import { sqlString } from './lake';
import { inStep, placeOf, readReflected, recordPartial, reflectedOverlapping, type Place } from './rollup-labels';
import { rebuildFor, rebuildLabel, type RollupRebuild } from './rollup-rebuild';
import type { SeriesCatalog } from './series-catalog';

/** Corrected values of some series in [from, to], as `annotations.corrected` answers. */
export type CorrectedSource = (series: readonly string[], from: number, to: number) => Promise<CorrectedSeries[]>;

const BAD_DATA = ['bad-data'] as const;

function splitKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}

/** What the store lends: its log and maintenance queue (with that connection, the current catalog and raw retention cutoff). */
export interface LabelsContext {
  /** `rawCutoff`: -Infinity when raw readings are kept for ever. */
  run<T>(task: (db: DuckDBConnection, catalog: SeriesCatalog, rawCutoff: number) => Promise<T>): Promise<T>;
  log(message: string): void;
}

export class HistoryLabels {
  private index: AnnotationIndex | undefined;
  private corrected: CorrectedSource | undefined;
  /** The start-up check `use` began: the rebuilds it did. */
  reconciled: Promise<RollupRebuild[]> = Promise.resolve([]);

  constructor(private readonly ctx: LabelsContext) {}

  /**
   * Honours these labels from now on: bad data leaves rollups and statistics, and each bad-data
   * label change rebuilds the rollups it touches; every rebuild's result goes to `onRebuilt`
   * (the service can show it), and one that found raw readings expired is logged. Returns the
   * function that stops listening.
   */
  use(index: AnnotationIndex, corrected?: CorrectedSource, onRebuilt?: (r: RollupRebuild) => void): () => void {
    this.index = index;
    this.corrected = corrected;
    this.reconciled = this.reconcile().catch((e: unknown) => {
      this.ctx.log(`history: rollups not checked against the bad-data labels: ${(e as Error).message}`);
      return [];
    });
    return index.onChange((change) => {
      this.applyChange(change).then(
        (r) => r && onRebuilt?.(r),
        (e: unknown) => this.ctx.log(`history: rollups not rebuilt after a label change: ${(e as Error).message}`),
      );
    });
  }

  /** Rebuilds the rollups a label change touches, on the maintenance queue; null when it touches none. */
  applyChange(change: LabelChange): Promise<RollupRebuild | null> {
    return this.ctx.run(async (db, catalog, rawCutoff) => {
      const r = await rebuildFor(db, catalog, this, change, rawCutoff);
      if (r?.expired) this.ctx.log(`history: ${r.message}`);
      return r;
    });
  }

  /**
   * Rebuilds the rollups of every bad-data label they are out of step with (rollup-labels.ts):
   * live ones they do not reflect (yet, or no longer where the label now lies) and gone ones they
   * still reflect — what a crash between a label's write and its rebuild leaves. Logs each one.
   */
  reconcile(): Promise<RollupRebuild[]> {
    return this.ctx.run(async (db, catalog, rawCutoff) => {
      const index = this.index;
      if (!index) return [];
      const recorded = await readReflected(db);
      const live = new Map<string, Place>();
      for (const key of catalog.keys()) {
        const [device, signal] = splitKey(key);
        for (const l of index.rangesOf(device, signal, -Infinity, Infinity, BAD_DATA)) live.set(l.id, placeOf(l));
      }
      for (const [id, rows] of recorded) {
        const now = this.liveOf(id, rows);
        if (now) live.set(id, now);
      }
      const done: RollupRebuild[] = [];
      for (const id of [...new Set([...recorded.keys(), ...live.keys()])].sort()) {
        const rows = recorded.get(id) ?? [];
        if (inStep(rows, live.get(id))) continue;
        const is = live.get(id);
        const r = await rebuildLabel(db, catalog, this, id, is ? [is] : [], rawCutoff);
        const was =
          rows.length === 0
            ? 'nothing'
            : rows.map((p) => `${p.signal} ${p.from}–${p.to}${p.whole ? '' : ' (in part)'}`).join(', ');
        this.ctx.log(
          `history: rollups were out of step with bad-data label ${id} (they reflected ${was}; it is ${is ? `${is.signal} ${is.from}–${is.to}` : 'gone'}): ${r.message}`,
        );
        done.push(r);
      }
      return done;
    });
  }

  /** The live bad-data label `id`, looked for on the series of these ranges of it. */
  liveOf(id: string, where: readonly Place[]): Place | undefined {
    const index = this.index;
    if (!index) return undefined;
    for (const p of where) {
      const l = index.rangesOf(p.deviceId, p.signal, -Infinity, Infinity, BAD_DATA).find((r) => r.id === id);
      if (l) return placeOf(l);
    }
    return undefined;
  }

  /** The query side's condition (history-query.ts). */
  keepFor(catalog: SeriesCatalog): KeepSql {
    return (ids, from, to) => this.keepSql(catalog, ids, from, to);
  }

  /**
   * Compaction's condition (compactor.ts), none while no labels are known. In compaction's
   * transaction it records which labels the new rollup rows reflect only in part (rollup-labels.ts).
   */
  compactionKeep(catalog: SeriesCatalog): KeepCondition | undefined {
    if (!this.index) return undefined;
    return async (db, spans) => {
      if (spans.length === 0) return 'TRUE';
      const touched = await reflectedOverlapping(
        db,
        Math.min(...spans.map((s) => s[1])),
        Math.max(...spans.map((s) => s[2])),
      );
      // One snapshot of the live labels, from here to the record.
      const bad = spans.flatMap(([id, a, b]) => this.ranges(catalog, [id], a, b));
      const live = new Map<string, Place | undefined>(bad.map((b) => [b.label.id, placeOf(b.label)]));
      for (const [id, rows] of touched) if (!live.has(id)) live.set(id, this.liveOf(id, rows));
      await recordPartial(db, live);
      return keepSql(bad);
    };
  }

  /** Live bad-data ranges of these series overlapping [from, to]. */
  ranges(catalog: SeriesCatalog, ids: Iterable<number>, from: number, to: number): BadRange[] {
    const index = this.index;
    if (!index) return [];
    const out: BadRange[] = [];
    for (const id of ids) {
      const key = catalog.key(id);
      if (key === undefined) continue;
      const [device, signal] = splitKey(key);
      for (const l of index.rangesOf(device, signal, from, to, BAD_DATA)) {
        out.push({ seriesId: id, from: l.from, to: l.to, label: l });
      }
    }
    return out;
  }

  /** A SQL condition on (series_id, ts) that holds outside every live bad-data range of these series. */
  keepSql(catalog: SeriesCatalog, ids: Iterable<number>, from: number, to: number): string {
    return keepSql(this.ranges(catalog, ids, from, to));
  }

  /**
   * Fills the export connection's temporary tables `export_bad` (series_id, from_ts, to_ts, label)
   * and `export_corrected` (series_id, ts, value) for a selection; empty when no labels are known.
   */
  async loadExportOverlay(
    db: DuckDBConnection,
    catalog: SeriesCatalog,
    ids: readonly number[],
    from: number,
    to: number,
  ): Promise<void> {
    await db.run(`CREATE OR REPLACE TEMP TABLE export_bad (series_id INTEGER, from_ts BIGINT, to_ts BIGINT, label VARCHAR);
      CREATE OR REPLACE TEMP TABLE export_corrected (series_id INTEGER, ts BIGINT, value DOUBLE)`);
    const bad = this.ranges(catalog, ids, from, to);
    await insertRows(
      db,
      'export_bad',
      bad.map((b) => `(${b.seriesId}, ${b.from}, ${b.to}, ${sqlString(b.label.id)})`),
    );
    if (!this.corrected || bad.length === 0) return;
    const keys = ids.map((id) => catalog.key(id)).filter((k): k is string => k !== undefined);
    const rows: string[] = [];
    for (const c of await this.corrected(keys, from, to)) {
      const id = catalog.id(c.series);
      if (id === undefined) continue;
      for (let i = 0; i < c.ts.length; i++) {
        const v = c.value[i]!;
        if (Number.isFinite(v)) rows.push(`(${id}, ${Math.round(c.ts[i]!)}, ${v})`);
      }
    }
    await insertRows(db, 'export_corrected', rows);
  }
}

async function insertRows(db: DuckDBConnection, table: string, rows: readonly string[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db.run(`INSERT INTO ${table} VALUES ${rows.slice(i, i + 1000).join(', ')}`);
  }
}
