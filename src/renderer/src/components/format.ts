// How numbers, units and times read on screen. Numbers carry no thousands separators so a
// value reads (and parses) the same on every locale; precision follows magnitude so a tile
// does not flicker between widths.

const UNIT_SYMBOLS: Record<string, string> = {
  celsius: '°C',
  fahrenheit: '°F',
  kelvin: 'K',
  percent: '%',
};

export function displayUnit(unit: string): string {
  return UNIT_SYMBOLS[unit.toLowerCase()] ?? unit;
}

export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** What follows a number: "%" and "°C" attach to it ("91.2%"), words get a space ("42.0 psi"). */
export function unitSuffix(unit: string): string {
  const u = displayUnit(unit);
  if (!u) return '';
  return u === '%' || u.startsWith('°') ? u : ` ${u}`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Local time; the date is added only when it is not today, where an operator needs it. */
export function formatLocalTime(ts: number, now = Date.now()): string {
  const d = new Date(ts);
  return d.toDateString() === new Date(now).toDateString() ? timeFormat.format(d) : dateTimeFormat.format(d);
}

export function formatCount(n: number): string {
  return n.toLocaleString();
}

/** A span of time as an operator reads it: "850 ms", "3.2 s", "4 min 05 s", "2 h 03 min", "3 d 4 h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  const s = Math.floor(ms / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)} min ${two(s % 60)} s`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${two(Math.floor(s / 60) % 60)} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor(s / 3600) % 24} h`;
}

/** Messages per second, with the decimals a slow source needs and a fast one does not. */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return '0/s';
  if (perSecond < 1) return `${perSecond.toFixed(2)}/s`;
  if (perSecond < 100) return `${perSecond.toFixed(1)}/s`;
  return `${perSecond.toFixed(0)}/s`;
}

/** A payload size in binary units, as the configuration reference states the limits (256 KiB). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
