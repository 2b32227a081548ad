// How Sparkplug identities become Watchfloor ones. An edge node is the device
// `${group}.${edge}` (its own metrics), each of its devices `${group}.${edge}.${device}`; metric
// names become signal keys. Sparkplug allows almost any UTF-8 in these, Watchfloor ids do not,
// so the mapping is lossy but deterministic: the same topic always lands on the same device.
import { isReservedName } from '../reading-fields';

const MAX_LENGTH = 128;
const DEVICE_BAD_CHARS = /[^A-Za-z0-9._:-]/g;
const SIGNAL_OK = /^[A-Za-z0-9._:/ -]{1,128}$/;
const SIGNAL_BAD_CHARS = /[^A-Za-z0-9._:/ -]/g;

/** FNV-1a: a short stable suffix that keeps truncated ids apart. Not for security. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Over-long names keep their head and gain a hash of the whole, so two long names that share
 * a prefix do not collapse into one series. */
function fit(sanitized: string, original: string): string {
  if (sanitized.length <= MAX_LENGTH) return sanitized;
  return `${sanitized.slice(0, MAX_LENGTH - 9)}-${fnv1a(original)}`;
}

function sanitizeIdPart(part: string): string {
  return part.replace(DEVICE_BAD_CHARS, '_');
}

export function nodeDeviceId(group: string, edge: string): string {
  const raw = `${group}.${edge}`;
  return fit(`${sanitizeIdPart(group)}.${sanitizeIdPart(edge)}`, raw);
}

export function deviceDeviceId(group: string, edge: string, device: string): string {
  const raw = `${group}.${edge}.${device}`;
  return fit(`${sanitizeIdPart(group)}.${sanitizeIdPart(edge)}.${sanitizeIdPart(device)}`, raw);
}

/** Metric name → signal key. '/' stays: Sparkplug uses it for folders ("Motor 1/Speed"). */
export function signalKey(metricName: string): string | undefined {
  if (metricName.length === 0) return undefined;
  // "constructor" and the like would find Object.prototype where a signal keys a plain object.
  if (isReservedName(metricName)) return `${metricName}_`;
  if (SIGNAL_OK.test(metricName)) return metricName;
  return fit(metricName.replace(SIGNAL_BAD_CHARS, '_'), metricName);
}
