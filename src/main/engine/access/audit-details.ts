// What an audit entry says about a call: its target, its parameters with secrets removed and
// big payloads summarised, and what changed between the state before and after it. Entries stay
// small (a few kB): a diff of the keys that changed, never two whole documents.
const SECRET_KEY =
  /pass(word|phrase)?|secret|token|api[-_]?key|authorization|hmac|credential|private[-_]?key|^current$|^next$/i;
const MASK = '***';
const MAX_STRING = 1000;
const MAX_ARRAY = 100;
const MAX_CHANGES = 60;
const MAX_DEPTH = 8;

/** Secret-looking keys, and every value of a `headers` object (they carry credentials). */
function isSecretKey(key: string, parentKey: string | undefined): boolean {
  return SECRET_KEY.test(key) || (parentKey !== undefined && /headers$/i.test(parentKey));
}

function maskValue(value: unknown): unknown {
  // A flag (hasPassword: true) or an empty value says nothing secret.
  if (value === null || value === undefined || value === '' || typeof value === 'boolean') return value;
  return MASK;
}

/** A long text as its size and line count: an import's content, a document. */
function summary(text: string): { summary: string } {
  const lines = text.length === 0 ? 0 : text.split('\n').length;
  return { summary: `${Buffer.byteLength(text)} bytes, ${lines} lines` };
}

/** A copy with secrets masked, long text summarised, long arrays cut (saying how long they were). */
export function redact(value: unknown, parentKey?: string, depth = 0): unknown {
  if (typeof value === 'string') return value.length > MAX_STRING ? summary(value) : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_ARRAY).map((v) => redact(v, parentKey, depth + 1));
    return value.length > MAX_ARRAY ? [...kept, `… ${value.length - MAX_ARRAY} more`] : kept;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = isSecretKey(k, parentKey) ? maskValue(v) : redact(v, k, depth + 1);
  }
  return out;
}

const TARGET_KEYS = ['id', 'name', 'deviceId', 'device', 'series', 'ids', 'user'] as const;
const LAST_RESORT_KEYS = ['key', 'dir', 'kind'] as const;

function targetIn(p: Record<string, unknown>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const v = p[key];
    if (typeof v === 'string' && v !== '') return v.slice(0, 200);
    if (typeof v === 'number') return String(v);
    if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x !== 'object')) {
      const text = v.map(String).join(', ');
      return text.length > 200 ? `${text.slice(0, 197)}…` : text;
    }
  }
  return null;
}

/** What the call acts on, when its parameters say: an alarm id, a user, a source (`source.id`), series… */
export function targetOf(params: unknown): string | null {
  if (params === null || typeof params !== 'object') return null;
  const p = params as Record<string, unknown>;
  const top = targetIn(p, TARGET_KEYS);
  if (top !== null) return top;
  for (const v of Object.values(p)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const nested = targetIn(v as Record<string, unknown>, ['id', 'name', 'deviceId']);
      if (nested !== null) return nested;
    }
  }
  return targetIn(p, LAST_RESORT_KEYS);
}

/** Items of an array keyed by their id or name where they have one, so an insertion is one change. */
function keyOf(item: unknown, index: number): string {
  if (item && typeof item === 'object') {
    const o = item as Record<string, unknown>;
    for (const k of ['id', 'name', 'key'])
      if (typeof o[k] === 'string' || typeof o[k] === 'number') return String(o[k]);
  }
  return String(index);
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object';
}

function asMap(v: Record<string, unknown> | unknown[]): Map<string, unknown> {
  return Array.isArray(v) ? new Map(v.map((item, i) => [keyOf(item, i), item])) : new Map(Object.entries(v));
}

export type Changes = Record<string, [unknown, unknown]>;

/**
 * The leaves that differ between two answers, by path (`sources.plant-mqtt.url`): [before, after],
 * each with secrets masked (a changed password shows as changed, never as text).
 */
export function diff(before: unknown, after: unknown): { changes: Changes; more: number } {
  const changes: Changes = {};
  let count = 0;
  const walk = (
    a: unknown,
    b: unknown,
    path: string,
    key: string | undefined,
    parentKey: string | undefined,
    depth: number,
  ) => {
    if (key !== undefined && isSecretKey(key, parentKey)) {
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        if (count++ < MAX_CHANGES)
          changes[path] = [maskValue(a), maskValue(b) === MASK ? `${MASK} (changed)` : maskValue(b)];
      }
      return;
    }
    if (isPlain(a) && isPlain(b) && Array.isArray(a) === Array.isArray(b) && depth < MAX_DEPTH) {
      const left = asMap(a);
      const right = asMap(b);
      for (const k of new Set([...left.keys(), ...right.keys()])) {
        walk(left.get(k), right.get(k), path ? `${path}.${k}` : k, Array.isArray(a) ? key : k, key, depth + 1);
      }
      return;
    }
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    if (count++ < MAX_CHANGES) changes[path || '(value)'] = [redact(a, key), redact(b, key)];
  };
  walk(before, after, '', undefined, undefined, 0);
  return { changes, more: Math.max(0, count - MAX_CHANGES) };
}
