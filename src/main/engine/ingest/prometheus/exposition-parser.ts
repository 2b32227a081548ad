// Parses the Prometheus text exposition format 0.0.4 and OpenMetrics 1.0: `# HELP`, `# TYPE`,
// `# UNIT` and `# EOF` lines, samples with escaped label values, NaN and ±Inf, optional
// timestamps (integer milliseconds in 0.0.4, seconds with a fraction in OpenMetrics), and
// histograms and summaries as the `_bucket`/`_sum`/`_count` (and quantile) series they are
// written as. Built for large expositions: one pass over the text, no regular expression per
// line, and a sample's labels are not taken apart here — the series text (`name{labels}`) is
// handed on as it stands, so a caller that has seen the series before (every scrape after the
// first) skips the label parsing altogether (labelsOf does it when asked). A malformed line is
// reported with its number and the parse goes on with the next one.

export type MetricType =
  'counter' | 'gauge' | 'histogram' | 'gaugehistogram' | 'summary' | 'info' | 'stateset' | 'untyped' | 'unknown';

export type ExpositionFormat = 'prometheus' | 'openmetrics';

export interface Family {
  name: string;
  type: MetricType;
  unit: string;
  help: string;
}

/** The families declared so far: a sample's family is looked up only when its series is new to the caller. */
export interface FamilyLookup {
  of(name: string): Family | undefined;
}

export interface SampleSink {
  /**
   * `series` is the sample's name and label set as written (`name{a="1"}`); ts in ms, when the
   * line has one. `families` answers for the family of a name, as declared up to this line.
   */
  sample(series: string, value: number, ts: number | undefined, line: number, families: FamilyLookup): void;
  /** A line that could not be read, with its 1-based number and why; the parse goes on. */
  error(line: number, text: string, reason: string): void;
}

/** The metric name of a series text. */
export function nameOf(series: string): string {
  const brace = series.indexOf('{');
  return brace < 0 ? series : series.slice(0, brace);
}

export interface ParseSummary {
  samples: number;
  /** OpenMetrics' `# EOF` was seen. */
  eof: boolean;
  lines: number;
}

const TYPES = new Set<MetricType>([
  'counter',
  'gauge',
  'histogram',
  'gaugehistogram',
  'summary',
  'info',
  'stateset',
  'untyped',
  'unknown',
]);

/** The series a family is written as, beyond its own name. */
const SUFFIXES = ['_bucket', '_count', '_sum', '_total', '_created', '_info', '_gcount', '_gsum'];

const isNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58;
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57);
const isLabelStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isLabelChar = (c: number) => isLabelStart(c) || (c >= 48 && c <= 57);
const SPACE = 32;
const TAB = 9;

/** NaN and the infinities as both formats write them (Go's ParseFloat takes any case). */
function special(token: string): number | undefined {
  switch (token.toLowerCase()) {
    case 'nan':
      return NaN;
    case '+inf':
    case 'inf':
    case '+infinity':
    case 'infinity':
      return Infinity;
    case '-inf':
    case '-infinity':
      return -Infinity;
    default:
      return undefined;
  }
}

/** A sample value, or undefined when the token is not a number. */
export function parseNumber(token: string): number | undefined {
  const c = token.charCodeAt(token.length - 1);
  // Digits or '.' last: a plain number. Number() also takes hex and binary literals, which no
  // exposition writes; they are refused with the rest.
  if ((c >= 48 && c <= 57) || c === 46) {
    const x = token.charCodeAt(1);
    if (x === 120 || x === 88 || x === 98 || x === 66 || x === 111 || x === 79) return undefined;
    const v = Number(token);
    return Number.isNaN(v) ? undefined : v;
  }
  return special(token);
}

/** Undoes the escapes of a HELP text (`\\`, `\n`, and in OpenMetrics `\"`). */
export function unescapeText(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\' && i + 1 < s.length) {
      const next = s[++i];
      out += next === 'n' ? '\n' : next === '\\' ? '\\' : next === '"' ? '"' : `\\${next}`;
    } else out += ch;
  }
  return out;
}

/**
 * The label pairs of a series text (`name{a="x",b="y"}`), values unescaped, or the reason it
 * cannot be read. The metric name's own characters are not looked at again.
 */
export function labelsOf(series: string): [string, string][] | string {
  const open = series.indexOf('{');
  if (open < 0) return [];
  const out: [string, string][] = [];
  let i = open + 1;
  const n = series.length;
  const skipSpace = () => {
    while (i < n && (series.charCodeAt(i) === SPACE || series.charCodeAt(i) === TAB)) i++;
  };
  for (;;) {
    skipSpace();
    if (i >= n) return 'the label set is not closed with "}"';
    if (series.charCodeAt(i) === 125) break; // }
    const start = i;
    if (!isLabelStart(series.charCodeAt(i))) return `a label name cannot start with "${series[i]}"`;
    while (i < n && isLabelChar(series.charCodeAt(i))) i++;
    const name = series.slice(start, i);
    skipSpace();
    if (series[i] !== '=') return `label ${name} has no "="`;
    i++;
    skipSpace();
    if (series[i] !== '"') return `the value of label ${name} is not in double quotes`;
    i++;
    let value = '';
    let from = i;
    for (;;) {
      if (i >= n) return `the value of label ${name} is not closed`;
      const c = series.charCodeAt(i);
      if (c === 34) break; // "
      if (c === 92) {
        // \
        value += series.slice(from, i);
        const next = series[i + 1];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else return `label ${name} has an unknown escape "\\${next ?? ''}"`;
        i += 2;
        from = i;
        continue;
      }
      i++;
    }
    value += series.slice(from, i);
    i++;
    if (out.some(([k]) => k === name)) return `label ${name} appears twice`;
    out.push([name, value]);
    skipSpace();
    if (series[i] === ',') {
      i++;
      continue;
    }
    skipSpace();
    if (series[i] === '}') break;
    return `expected "," or "}" after label ${name}`;
  }
  if (i !== n - 1) return 'text after the label set';
  return out;
}

class FamilyIndex implements FamilyLookup {
  private readonly byName = new Map<string, Family>();
  private last: Family | undefined;

  declare(name: string): Family {
    let f = this.byName.get(name);
    if (!f) {
      f = { name, type: 'untyped', unit: '', help: '' };
      this.byName.set(name, f);
    }
    this.last = f;
    return f;
  }

  /** The family a sample belongs to: its own name, or the name without a suffix its type writes. */
  of(name: string): Family | undefined {
    const last = this.last;
    if (last && (name === last.name || (name.startsWith(last.name) && SUFFIXES.includes(name.slice(last.name.length)))))
      return last;
    const own = this.byName.get(name);
    if (own) return own;
    for (const s of SUFFIXES) {
      if (name.endsWith(s)) {
        const f = this.byName.get(name.slice(0, -s.length));
        if (f) return f;
      }
    }
    return undefined;
  }
}

/** Reads a `# HELP|TYPE|UNIT name rest` line into the families; returns a reason when it is malformed. */
function metadata(line: string, families: FamilyIndex, format: ExpositionFormat): string | undefined {
  const m = /^#[ \t]+(HELP|TYPE|UNIT)[ \t]+([A-Za-z_:][A-Za-z0-9_:]*)(?:[ \t]+(.*))?$/.exec(line);
  if (!m) return undefined; // another comment: ignored (0.0.4), tolerated (OpenMetrics)
  const [, keyword, name, rest = ''] = m;
  if (keyword === 'TYPE') {
    const type = rest.trim().toLowerCase() as MetricType;
    if (!TYPES.has(type)) return `unknown metric type "${rest.trim()}"`;
    families.declare(name!).type = type;
  } else if (keyword === 'HELP') {
    families.declare(name!).help = unescapeText(rest);
  } else {
    if (format === 'prometheus') return undefined; // no UNIT in 0.0.4: a comment
    families.declare(name!).unit = rest.trim();
  }
  return undefined;
}

const isSpace = (c: number) => c === SPACE || c === TAB;

/**
 * Parses one exposition, calling the sink for every sample and every malformed line. In
 * OpenMetrics, lines after `# EOF` are errors; a missing `# EOF` is reported by the caller
 * (the summary says whether it was seen). Sample lines are read in place, by index: the only
 * strings made per sample are its series text and its value (and timestamp) token.
 */
export function parseExposition(text: string, format: ExpositionFormat, sink: SampleSink): ParseSummary {
  const families = new FamilyIndex();
  const om = format === 'openmetrics';
  let samples = 0;
  let eof = false;
  let lineNo = 0;
  let pos = 0;
  const n = text.length;
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    const start = pos;
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end; // \r\n
    pos = end + 1;
    lineNo++;
    if (stop === start) continue;
    const fail = (reason: string) => sink.error(lineNo, text.slice(start, stop), reason);
    if (eof) {
      fail('text after "# EOF"');
      continue;
    }
    if (text.charCodeAt(start) === 35) {
      // #
      const line = text.slice(start, stop);
      if (line === '# EOF') {
        eof = true;
        continue;
      }
      const problem = metadata(line, families, format);
      if (problem) fail(problem);
      continue;
    }
    // The series: a metric name, then a label set whose quoted values may hold anything.
    let i = start;
    while (i < stop && isNameChar(text.charCodeAt(i))) i++;
    if (i === start) {
      fail('a sample line must start with a metric name');
      continue;
    }
    if (text.charCodeAt(i) === 123) {
      // {
      let quoted = false;
      let closed = false;
      for (i++; i < stop; i++) {
        const c = text.charCodeAt(i);
        if (quoted) {
          if (c === 92) i++;
          else if (c === 34) quoted = false;
        } else if (c === 34) quoted = true;
        else if (c === 125) {
          closed = true;
          i++;
          break;
        }
      }
      if (!closed) {
        fail('the label set is not closed with "}"');
        continue;
      }
    }
    const seriesStop = i;
    if (i >= stop) {
      fail('no value');
      continue;
    }
    if (!isSpace(text.charCodeAt(i))) {
      fail('the metric name has a character it may not have');
      continue;
    }
    // The value, an optional timestamp, and in OpenMetrics an optional exemplar after "#".
    while (i < stop && isSpace(text.charCodeAt(i))) i++;
    const valueAt = i;
    while (i < stop && !isSpace(text.charCodeAt(i))) i++;
    const valueStop = i;
    while (i < stop && isSpace(text.charCodeAt(i))) i++;
    let tsAt = -1;
    let tsStop = -1;
    if (i < stop && !(om && text.charCodeAt(i) === 35)) {
      tsAt = i;
      while (i < stop && !isSpace(text.charCodeAt(i))) i++;
      tsStop = i;
      while (i < stop && isSpace(text.charCodeAt(i))) i++;
      if (i < stop && !(om && text.charCodeAt(i) === 35)) {
        fail('more than a value and a timestamp');
        continue;
      }
    }
    if (valueAt === valueStop) {
      fail('no value');
      continue;
    }
    const token = text.slice(valueAt, valueStop);
    const value = parseNumber(token);
    if (value === undefined) {
      fail(`the value "${token.slice(0, 40)}" is not a number`);
      continue;
    }
    let ts: number | undefined;
    if (tsAt >= 0) {
      const tsToken = text.slice(tsAt, tsStop);
      const t = parseNumber(tsToken);
      if (t === undefined || !Number.isFinite(t)) {
        fail(`the timestamp "${tsToken.slice(0, 40)}" is not a number`);
        continue;
      }
      ts = om ? Math.round(t * 1000) : Math.round(t);
    }
    sink.sample(text.slice(start, seriesStop), value, ts, lineNo, families);
    samples++;
  }
  return { samples, eof, lines: lineNo };
}
