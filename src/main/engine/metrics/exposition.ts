// The Prometheus text exposition format, version 0.0.4 (what GET /metrics answers): one
// `# HELP` and one `# TYPE` line per family, then its samples, grouped. Label values and help
// texts are escaped as the format says (backslash, double quote in label values, newline);
// NaN and ±Inf are written `NaN`, `+Inf`, `-Inf`. A name or label name that the format does not
// allow, or a family declared twice, is a programming error and throws.
import type { HistogramSnapshot } from './histogram';

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type Labels = Readonly<Record<string, string>>;
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

export interface Sample {
  labels?: Labels;
  value: number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const LABEL_ESCAPES = /[\\"\n]/g;
const HELP_ESCAPES = /[\\\n]/g;

export function escapeLabelValue(value: string): string {
  return value.replace(LABEL_ESCAPES, (c) => (c === '\\' ? '\\\\' : c === '"' ? '\\"' : '\\n'));
}

export function escapeHelp(text: string): string {
  return text.replace(HELP_ESCAPES, (c) => (c === '\\' ? '\\\\' : '\\n'));
}

export function formatValue(value: number): string {
  if (value !== value) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function labelText(labels: Labels | undefined, extra?: string): string {
  let out = '';
  if (labels) {
    for (const name in labels) {
      if (!LABEL_NAME.test(name) || name.startsWith('__')) throw new Error(`label name "${name}" is not allowed`);
      out += `${out ? ',' : ''}${name}="${escapeLabelValue(labels[name]!)}"`;
    }
  }
  if (extra) out += `${out ? ',' : ''}${extra}`;
  return out ? `{${out}}` : '';
}

export class Exposition {
  private readonly parts: string[] = [];
  private readonly declared = new Set<string>();

  private family(name: string, type: MetricType, help: string): void {
    if (!METRIC_NAME.test(name)) throw new Error(`metric name "${name}" is not allowed`);
    if (this.declared.has(name)) throw new Error(`metric family ${name} declared twice`);
    this.declared.add(name);
    this.parts.push(`# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`);
  }

  private samples(name: string, samples: number | readonly Sample[]): this {
    if (typeof samples === 'number') {
      this.parts.push(`${name} ${formatValue(samples)}\n`);
      return this;
    }
    for (const s of samples) this.parts.push(`${name}${labelText(s.labels)} ${formatValue(s.value)}\n`);
    return this;
  }

  /** A counter: a total since the engine started (by convention its name ends in `_total`). */
  counter(name: string, help: string, samples: number | readonly Sample[]): this {
    this.family(name, 'counter', help);
    return this.samples(name, samples);
  }

  gauge(name: string, help: string, samples: number | readonly Sample[]): this {
    this.family(name, 'gauge', help);
    return this.samples(name, samples);
  }

  /** `<name>_bucket{le=…}` (cumulative, ending with +Inf), `<name>_sum`, `<name>_count` per series. */
  histogram(name: string, help: string, series: readonly { labels?: Labels; histogram: HistogramSnapshot }[]): this {
    this.family(name, 'histogram', help);
    for (const { labels, histogram: h } of series) {
      let cumulative = 0;
      for (let i = 0; i <= h.bounds.length; i++) {
        cumulative += h.counts[i] ?? 0;
        const le = i < h.bounds.length ? formatValue(h.bounds[i]!) : '+Inf';
        this.parts.push(`${name}_bucket${labelText(labels, `le="${le}"`)} ${formatValue(cumulative)}\n`);
      }
      const own = labelText(labels);
      this.parts.push(`${name}_sum${own} ${formatValue(h.sum)}\n${name}_count${own} ${formatValue(h.count)}\n`);
    }
    return this;
  }

  /** `<name>{quantile=…}` per quantile, then `<name>_sum` and `<name>_count` (totals since start). */
  summary(
    name: string,
    help: string,
    series: readonly { labels?: Labels; quantiles: readonly [number, number][]; sum: number; count: number }[],
  ): this {
    this.family(name, 'summary', help);
    for (const { labels, quantiles, sum, count } of series) {
      for (const [q, v] of quantiles)
        this.parts.push(`${name}${labelText(labels, `quantile="${formatValue(q)}"`)} ${formatValue(v)}\n`);
      const own = labelText(labels);
      this.parts.push(`${name}_sum${own} ${formatValue(sum)}\n${name}_count${own} ${formatValue(count)}\n`);
    }
    return this;
  }

  text(): string {
    return this.parts.join('');
  }
}
