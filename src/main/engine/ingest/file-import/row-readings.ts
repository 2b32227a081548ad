// Turns one row of a file (its fields as text, CSV and Parquet alike) into readings through a
// column mapping: long rows give one reading (device, signal, value, time), wide rows one
// reading per signal column. The field rules are those of every other decoder
// (reading-fields.ts), except for time: a file holds history, so any past time is accepted
// and only the future is bounded by the clock-skew limit.
import type { ImportMapping } from '../../../../shared/contract';
import type { Quality } from '../../../../shared/domain';
import { EngineError } from '../../../../shared/errors';
import type { DecodedReading } from '../decode-json';
import { isReservedName, KEY_PATTERN, parseDeviceId, parseSignal, qualityOfStatus, Rejected } from '../reading-fields';
import { formatTime } from '../reading-time';
import { DECIMAL, DECIMAL_COMMA } from './csv-sniff';
import type { RowPlan, Source, WideSignal } from './row-plan';

export type { RowPlan, WideSignal };

/** A row of a file, whatever its format. */
export interface SourceRow {
  /** CSV: the line the row starts on (header included); Parquet: its position. From 1. */
  row: number;
  /** null: a Parquet NULL (CSV has only empty fields). */
  fields: (string | null)[];
  /** The row as it stands in the file, for dead letters. */
  raw: string;
  /** Why the row could not even be split into fields. */
  error?: string;
}

export interface RowContext {
  now: number;
  /** How far into the future a timestamp may be (the engine's clock-skew limit). */
  maxFutureMs: number;
  /** ',' when the decimal comma cannot occur (it would be the separator). */
  separator: string;
}

export interface RowOutcome {
  readings: DecodedReading[];
  /** Why the row, or some of its cells, were refused; one dead letter per row. */
  errors: string[];
}

/** Empty cells of wide exports: a signal without a reading at that time. */
const NO_READING = /^(|nan|null|none|n\/a|-)$/i;
const BOOLEAN: Record<string, number> = { true: 1, false: 0 };

/**
 * A signal name and unit from a wide file's header: "Temperature (°C)" is signal
 * "Temperature" in °C, "Flow rate [m3/h]" is "Flow_rate" in m3/h. Characters a signal name
 * cannot hold become "_".
 */
export function signalFromHeader(header: string): { signal: string; unit: string } {
  let name = header.trim();
  let unit = '';
  const m = /^(.*?)\s*[([]\s*([^()[\]]{1,32}?)\s*[)\]]$/.exec(name);
  if (m && m[1]) {
    name = m[1];
    unit = m[2]!;
  }
  const signal = name
    .replace(/\s+/g, '_')
    .replace(/[^A-Za-z0-9._:/-]/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 128);
  return { signal: KEY_PATTERN.test(signal) && !isReservedName(signal) ? signal : '', unit };
}

/** The signals of a wide file: every column the mapping does not use for something else. */
export function wideSignals(columns: readonly string[], mapping: ImportMapping): WideSignal[] {
  const skip = new Set([mapping.timestamp, mapping.deviceColumn, mapping.quality, ...(mapping.exclude ?? [])]);
  const taken = new Set<string>();
  const out: WideSignal[] = [];
  columns.forEach((column, index) => {
    if (skip.has(column)) return;
    const { signal: base, unit } = signalFromHeader(column);
    let signal = base || `column${index + 1}`;
    for (let n = 2; taken.has(signal); n++) signal = `${base || `column${index + 1}`}_${n}`;
    taken.add(signal);
    out.push({ index, column, signal, unit });
  });
  return out;
}

function indexOf(columns: readonly string[], name: string, role: string): number {
  const k = columns.indexOf(name);
  if (k === -1) {
    throw new EngineError('BAD_REQUEST', `the ${role} column "${name}" is not in the file`, {
      column: name,
      columns: columns.slice(0, 200),
    });
  }
  return k;
}

/** Resolves a complete mapping against the columns; a column that is not there is BAD_REQUEST. */
export function compilePlan(columns: readonly string[], mapping: ImportMapping): RowPlan {
  const device: Source = mapping.deviceColumn
    ? { index: indexOf(columns, mapping.deviceColumn, 'device') }
    : { constant: mapping.deviceId! };
  const plan: RowPlan = {
    width: columns.length,
    timestamp: indexOf(columns, mapping.timestamp!, 'timestamp'),
    device,
    quality: mapping.quality ? indexOf(columns, mapping.quality, 'quality') : undefined,
    long: undefined,
    wide: undefined,
  };
  if (mapping.wide) {
    for (const c of mapping.exclude ?? []) indexOf(columns, c, 'excluded');
    plan.wide = wideSignals(columns, mapping);
    if (plan.wide.length === 0) throw new EngineError('BAD_REQUEST', 'the wide file has no signal columns left');
  } else {
    plan.long = {
      signal: mapping.signalColumn
        ? { index: indexOf(columns, mapping.signalColumn, 'signal') }
        : { constant: mapping.signal! },
      value: indexOf(columns, mapping.value!, 'value'),
      unit: mapping.unit ? indexOf(columns, mapping.unit, 'unit') : undefined,
    };
  }
  return plan;
}

export function parseFileValue(text: string, ctx: RowContext): number {
  const s = text.trim();
  if (s === '') throw new Rejected('missing value');
  const word = s.toLowerCase();
  const bool = Object.hasOwn(BOOLEAN, word) ? BOOLEAN[word] : undefined;
  if (bool !== undefined) return bool;
  const decimal = ctx.separator !== ',' && DECIMAL_COMMA.test(s) ? s.replace(',', '.') : s;
  if (!DECIMAL.test(decimal)) throw new Rejected(`value ${JSON.stringify(s.slice(0, 40))} is not a number`);
  const v = Number(decimal);
  if (!Number.isFinite(v)) throw new Rejected('value is not a finite number');
  return v;
}

/** "2026-03-01 12:00:00" without a zone: files are read as UTC, like every time in Watchfloor. */
const NAIVE_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(:\d{2}(\.\d+)?)?)$/;

/**
 * Epoch numbers by magnitude (seconds, milliseconds, microseconds, nanoseconds) or a date
 * string; times without a zone are UTC.
 */
export function parseFileTimestamp(text: string, ctx: RowContext): number {
  const s = text.trim();
  if (s === '') throw new Rejected('missing timestamp');
  let ms: number;
  if (DECIMAL.test(s)) {
    const n = Number(s);
    const abs = Math.abs(n);
    ms = abs < 1e11 ? n * 1000 : abs < 1e14 ? n : abs < 1e17 ? n / 1000 : n / 1e6;
  } else {
    const naive = NAIVE_DATE_TIME.exec(s);
    ms = Date.parse(naive ? `${naive[1]}T${naive[2]}Z` : s);
    if (Number.isNaN(ms)) throw new Rejected(`timestamp ${JSON.stringify(s.slice(0, 40))} is not a date`);
  }
  if (!Number.isFinite(ms) || ms < 0) throw new Rejected(`timestamp ${JSON.stringify(s.slice(0, 40))} is before 1970`);
  if (ms - ctx.now > ctx.maxFutureMs) {
    throw new Rejected(`timestamp ${formatTime(ms)} is in the future (the engine's clock is behind?)`);
  }
  return Math.round(ms);
}

function parseQuality(text: string | null): Quality {
  const s = (text ?? '').trim();
  return s === '' ? 'good' : qualityOfStatus(s);
}

function sourceText(source: Source, fields: readonly (string | null)[]): string | undefined {
  if ('constant' in source) return source.constant;
  const v = fields[source.index];
  return v === null || v === undefined || v.trim() === '' ? undefined : v.trim();
}

function reason(err: unknown): string {
  if (err instanceof Rejected) return err.message;
  throw err;
}

/** The readings of one row, and why any part of it is refused. */
export function readRow(row: SourceRow, plan: RowPlan, ctx: RowContext): RowOutcome {
  const out: RowOutcome = { readings: [], errors: [] };
  if (row.error) {
    out.errors.push(row.error);
    return out;
  }
  if (row.fields.length !== plan.width) {
    out.errors.push(`has ${row.fields.length} fields, expected ${plan.width}`);
    return out;
  }
  let deviceId: string;
  let ts: number;
  let quality: Quality;
  try {
    deviceId = parseDeviceId(sourceText(plan.device, row.fields));
    ts = parseFileTimestamp(row.fields[plan.timestamp] ?? '', ctx);
    quality = plan.quality === undefined ? 'good' : parseQuality(row.fields[plan.quality] ?? null);
  } catch (err) {
    out.errors.push(reason(err));
    return out;
  }
  if (plan.long) {
    try {
      const signal = parseSignal(sourceText(plan.long.signal, row.fields));
      const value = parseFileValue(row.fields[plan.long.value] ?? '', ctx);
      const unit = plan.long.unit === undefined ? '' : (row.fields[plan.long.unit] ?? '').trim().slice(0, 32);
      out.readings.push({ deviceId, signal, ts, value, quality, unit });
    } catch (err) {
      out.errors.push(reason(err));
    }
    return out;
  }
  for (const w of plan.wide ?? []) {
    const cell = row.fields[w.index];
    if (cell === null || cell === undefined || NO_READING.test(cell.trim())) continue;
    try {
      out.readings.push({ deviceId, signal: w.signal, ts, value: parseFileValue(cell, ctx), quality, unit: w.unit });
    } catch (err) {
      out.errors.push(`"${w.column}": ${reason(err)}`);
    }
  }
  return out;
}
