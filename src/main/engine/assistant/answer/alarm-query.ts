// What the assistant looks up for an alarm, and what it tells the model about it.
//
// Decisions:
// - The query is words, not a template: the keyword search ORs its terms and BM25 ranks the
//   runbook section holding most of them, so the query carries what the runbooks' own headings
//   say — device id and name, the signal key (the tag) and unit, the kind in the runbooks' words
//   ("rate of change", "flatline or stuck", "bad quality") — plus value and limit (a limit such as
//   "55" is in the heading of its section). Checked against every default device and kind in
//   alarm-query.test.ts over the shipped runbooks.
// - Detection's message goes in too (without timestamps): the runbooks' Symptoms quote it.
// - A device-wide alarm (offline, model: signal `*`) names the device only.
// - The facts block is plain lines the model can quote; times in ISO UTC; the trend is summed up
//   (first, last, min, max, slope per minute) rather than listed, to keep the prompt small.
import type { Alarm, AlarmKind, Device } from '../../../../shared/domain';
import type { RecentReading } from '../assistant-backend';

/** Each kind in the words the runbooks' alarm headings use. */
export const KIND_WORDS: Readonly<Record<AlarmKind, string>> = {
  high: 'high limit',
  low: 'low limit',
  rate: 'rate of change',
  flatline: 'flatline stuck sensor',
  offline: 'offline no data',
  quality: 'bad quality stale tag',
  anomaly: 'statistical anomaly unusual baseline',
  trend: 'trend heading for limit horizon',
  model: 'model anomaly',
};

/** Kinds whose value is not what the alarm is about (a bad-quality reading may look normal). */
const VALUELESS = new Set<AlarmKind>(['offline', 'model', 'quality']);

/** The retrieval query for an alarm (the device, when known, adds its name, kind and the signal's unit). */
export function alarmQuery(alarm: Alarm, device?: Device): string {
  const deviceWide = alarm.signal === '*' || alarm.signal === '';
  const signal = deviceWide ? undefined : device?.signals.find((s) => s.key === alarm.signal);
  const kindWords = KIND_WORDS[alarm.kind];
  const words = [
    alarm.deviceId,
    device?.name,
    device?.kind,
    deviceWide ? undefined : alarm.signal,
    signal?.unit,
    // "High pressure", "Low output": the heading pairs the kind's adjective with the signal.
    alarm.kind === 'high' || alarm.kind === 'low' ? `${alarm.kind} ${deviceWide ? '' : alarm.signal}` : undefined,
    kindWords,
    VALUELESS.has(alarm.kind) ? undefined : `value ${round(alarm.value)}`,
    alarm.limit !== null ? `limit ${round(alarm.limit)}` : undefined,
    // Detection's own words ("reports bad quality", "heading for lo 5", "no data for 40 s") are
    // what the runbooks quote in their Symptoms; its timestamps are not.
    alarm.message?.replace(ISO_TIME, ' '),
  ];
  return words
    .filter((w): w is string => !!w && w.trim().length > 0)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const iso = (ms: number) => new Date(ms).toISOString();
const ISO_TIME = /\d{4}-\d{2}-\d{2}T[\d:.]+Z?/g;

function round(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 100) / 100) : String(v);
}

/** A short factual block about the alarm for the prompt. */
export function alarmFacts(alarm: Alarm, device: Device | undefined, recent: readonly RecentReading[]): string {
  const signal = device?.signals.find((s) => s.key === alarm.signal);
  const unit = signal?.unit ? ` ${signal.unit}` : '';
  const lines = [
    `Device: ${alarm.deviceId}${device ? ` (${device.name}${device.kind ? `, ${device.kind}` : ''}${device.location ? `, ${device.location}` : ''})` : ''}`,
    `Signal: ${alarm.signal === '*' ? 'the whole device' : alarm.signal}${unit ? ` in${unit}` : ''}`,
    `Alarm kind: ${alarm.kind} (${KIND_WORDS[alarm.kind]}), priority ${alarm.priority}, state ${alarm.state}`,
  ];
  if (alarm.kind !== 'offline') lines.push(`Value: ${round(alarm.value)}${unit}`);
  if (alarm.limit !== null) lines.push(`Limit: ${round(alarm.limit)}${unit}`);
  if (signal?.normal) lines.push(`Normal band: ${signal.normal[0]}–${signal.normal[1]}${unit}`);
  lines.push(`Raised: ${iso(alarm.raisedAt)}; last: ${iso(alarm.lastAt)}; occurrences: ${alarm.count}`);
  if (alarm.message) lines.push(`Detection said: ${alarm.message}`);
  const trend = trendSummary(recent, unit);
  if (trend) lines.push(`Recent trend: ${trend}`);
  return lines.join('\n');
}

/** first/last/min/max and the least-squares slope per minute, or undefined without readings. */
export function trendSummary(recent: readonly RecentReading[], unit = ''): string | undefined {
  const values = recent.filter((r) => Number.isFinite(r.value));
  if (values.length === 0) return undefined;
  const first = values[0]!;
  const last = values.at(-1)!;
  let min = Infinity;
  let max = -Infinity;
  for (const r of values) {
    min = Math.min(min, r.value);
    max = Math.max(max, r.value);
  }
  const summary = [
    `${values.length} reading${values.length === 1 ? '' : 's'} ${iso(first.ts)} to ${iso(last.ts)}`,
    `first ${round(first.value)}${unit}, last ${round(last.value)}${unit}`,
    `min ${round(min)}${unit}, max ${round(max)}${unit}`,
  ];
  const slope = slopePerMinute(values);
  if (slope !== undefined) summary.push(`slope ${round(slope)}${unit} per minute`);
  return summary.join('; ');
}

function slopePerMinute(values: readonly RecentReading[]): number | undefined {
  if (values.length < 2) return undefined;
  const t0 = values[0]!.ts;
  const n = values.length;
  let sx = 0;
  let sy = 0;
  for (const r of values) {
    sx += (r.ts - t0) / 60_000;
    sy += r.value;
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (const r of values) {
    const dx = (r.ts - t0) / 60_000 - mx;
    num += dx * (r.value - my);
    den += dx * dx;
  }
  return den > 0 ? num / den : undefined;
}
