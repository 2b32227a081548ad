// Anomalies in history.duckdb: what every detector found (rules, statistics, trend, models),
// one row per rising edge, with its explanation. Written by the history writer in the
// pipeline's flush; read by the Device view to mark charts.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Anomaly, DetectedAnomaly } from '../../../shared/contract/detection';

export const CREATE_ANOMALIES = `
  CREATE TABLE IF NOT EXISTS anomalies (
    device VARCHAR NOT NULL, signal VARCHAR NOT NULL, ts BIGINT NOT NULL, detector VARCHAR NOT NULL,
    score DOUBLE NOT NULL, kind VARCHAR NOT NULL, message VARCHAR NOT NULL, evidence VARCHAR NOT NULL);
`;
/**
 * The false-alarm label an anomaly is a look-alike of (feedback from expert review): added to
 * tables made before it, last, so that the appender's column order is the same for old and new.
 */
export const ADD_SUPPRESSED_BY = 'ALTER TABLE anomalies ADD COLUMN IF NOT EXISTS suppressed_by VARCHAR';

/** JSON with non-finite numbers as null (they cannot be written otherwise). */
function evidenceText(evidence: DetectedAnomaly['evidence']): string {
  return JSON.stringify(evidence, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}

export async function appendAnomalies(db: DuckDBConnection, list: readonly DetectedAnomaly[]): Promise<void> {
  const appender = await db.createAppender('anomalies');
  try {
    for (const a of list) {
      appender.appendVarchar(a.deviceId);
      appender.appendVarchar(a.signal);
      appender.appendBigInt(BigInt(Math.round(a.ts)));
      appender.appendVarchar(a.detector);
      appender.appendDouble(Number.isFinite(a.score) ? a.score : 0);
      appender.appendVarchar(a.kind);
      appender.appendVarchar(a.message);
      appender.appendVarchar(evidenceText(a.evidence));
      if (a.suppressedBy) appender.appendVarchar(a.suppressedBy);
      else appender.appendNull();
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
}

export interface AnomalyFilter {
  deviceId: string;
  signal: string;
  from: number;
  to: number;
  includeDevice: boolean;
  limit: number;
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function listAnomalies(db: DuckDBConnection, f: AnomalyFilter): Promise<Anomaly[]> {
  const signals =
    f.includeDevice && f.signal !== '*' ? `signal IN (${quote(f.signal)}, '*')` : `signal = ${quote(f.signal)}`;
  const rows = (
    await db.runAndReadAll(`
      SELECT device, signal, ts::DOUBLE, detector, score, kind, message, evidence, suppressed_by FROM anomalies
      WHERE device = ${quote(f.deviceId)} AND ${signals}
        AND ts >= ${Math.floor(f.from)} AND ts <= ${Math.ceil(f.to)}
      ORDER BY ts LIMIT ${f.limit}`)
  ).getRowsJS() as [string, string, number, string, number, string, string, string, string | null][];
  // Rows written by appendAnomalies: the kind and its evidence belong together (the client checks them).
  return rows.map(
    ([deviceId, signal, ts, detector, score, kind, message, evidence, suppressedBy]) =>
      ({
        deviceId,
        signal,
        ts,
        detector,
        score,
        kind,
        message,
        evidence: JSON.parse(evidence) as unknown,
        ...(suppressedBy !== null && { suppressedBy }),
      }) as Anomaly,
  );
}

/** Anomalies older than the raw readings they point at go with them. */
export async function deleteAnomaliesBefore(db: DuckDBConnection, cutoff: number): Promise<number> {
  return Number((await db.runAndReadAll(`DELETE FROM anomalies WHERE ts < ${cutoff}`)).rowsChanged);
}

export interface AnomalyRangeFilter {
  from: number;
  to: number;
  /** One device only; all devices when absent. */
  deviceId?: string;
  limit: number;
}

/**
 * Anomalies of every device (or one) in a time range, newest first: the review queue's input.
 * Reads whichever columns the table has, so a column added later (feedback's `suppressed_by`)
 * arrives as its camel-cased field without a change here.
 */
export async function listAnomaliesAcross(db: DuckDBConnection, f: AnomalyRangeFilter): Promise<Anomaly[]> {
  const device = f.deviceId === undefined ? '' : `AND device = ${quote(f.deviceId)}`;
  const result = await db.runAndReadAll(`
    SELECT * REPLACE (ts::DOUBLE AS ts) FROM anomalies
    WHERE ts >= ${Math.floor(f.from)} AND ts <= ${Math.ceil(f.to)} ${device}
    ORDER BY ts DESC LIMIT ${f.limit}`);
  const names = result
    .columnNames()
    .map((n) => (n === 'device' ? 'deviceId' : n.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())));
  return (result.getRowsJS() as unknown[][]).map((row) => {
    const a: Record<string, unknown> = {};
    names.forEach((n, i) => (a[n] = row[i]));
    a.evidence = JSON.parse(a.evidence as string) as unknown;
    return a as unknown as Anomaly;
  });
}
