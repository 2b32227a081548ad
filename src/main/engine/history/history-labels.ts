// What history takes from expert labels: the live bad-data ranges of each series (its own labels
// and its device's whole-device "*" ones), read only through the engine's AnnotationIndex port,
// and the corrected values an expert entered for them. Bad data is left out of rollups (at
// compaction, and rebuilt when a label changes: rollup-rebuild.ts) and of range statistics at
// every tier; a raw-tier query still returns every reading, so a chart can grey the range. Exports
// carry, per raw reading, the bad-data label it lies in and its corrected value (history-export.ts).
//
// Ranges become SQL predicates written into the statement (a few labels per series at most, in
// practice): no shared temporary table that two connections would have to agree on.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CorrectedSeries } from '../../../shared/contract/annotations';
import type { AnnotationIndex, LabelChange } from '../annotations/annotation-ports';
import type { KeepCondition } from './compactor';
import type { KeepSql } from './history-query';
import { sqlString } from './lake';
import { rebuildFor, type RollupRebuild } from './rollup-rebuild';
import type { SeriesCatalog } from './series-catalog';

/** Corrected values of some series in [from, to], as `annotations.corrected` answers. */
export type CorrectedSource = (series: readonly string[], from: number, to: number) => Promise<CorrectedSeries[]>;

export interface BadRange {
  seriesId: number;
  from: number;
  to: number;
  labelId: string;
}

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

  /** The query side's condition (history-query.ts). */
  keepFor(catalog: SeriesCatalog): KeepSql {
    return (ids, from, to) => this.keepSql(catalog, ids, from, to);
  }

  /** Compaction's condition (compactor.ts); none while no labels are known. */
  compactionKeep(catalog: SeriesCatalog): KeepCondition | undefined {
    if (!this.index) return undefined;
    return (spans) => keepSql(spans.flatMap(([id, a, b]) => this.ranges(catalog, [id], a, b)));
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
        out.push({ seriesId: id, from: l.from, to: l.to, labelId: l.id });
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
      bad.map((b) => `(${b.seriesId}, ${b.from}, ${b.to}, ${sqlString(b.labelId)})`),
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

/** The SQL condition for a list of ranges: TRUE when there are none. */
export function keepSql(ranges: readonly BadRange[], ts = 'ts', series = 'series_id'): string {
  if (ranges.length === 0) return 'TRUE';
  const terms = ranges.map((r) => `(${series} = ${r.seriesId} AND ${ts} BETWEEN ${r.from} AND ${r.to})`);
  return `NOT (${terms.join(' OR ')})`;
}

async function insertRows(db: DuckDBConnection, table: string, rows: readonly string[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db.run(`INSERT INTO ${table} VALUES ${rows.slice(i, i + 1000).join(', ')}`);
  }
}
