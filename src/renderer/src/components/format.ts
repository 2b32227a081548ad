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
