import { describe, expect, it } from 'vitest';
import { escapeHelp, escapeLabelValue, Exposition, formatValue } from './exposition';
import { Histogram } from './histogram';

describe('the Prometheus text exposition', () => {
  it('writes HELP and TYPE once per family, then its samples with their labels', () => {
    const text = new Exposition()
      .counter('wf_readings_total', 'Readings stored.', [
        { labels: { source: 'mqtt-1', kind: 'mqtt' }, value: 12 },
        { labels: { source: 'http', kind: 'http' }, value: 3 },
      ])
      .gauge('wf_queue', 'Queued.', 0)
      .text();
    expect(text).toBe(
      '# HELP wf_readings_total Readings stored.\n# TYPE wf_readings_total counter\n' +
        'wf_readings_total{source="mqtt-1",kind="mqtt"} 12\nwf_readings_total{source="http",kind="http"} 3\n' +
        '# HELP wf_queue Queued.\n# TYPE wf_queue gauge\nwf_queue 0\n',
    );
  });

  it('escapes backslash, double quote and newline in label values, backslash and newline in help', () => {
    expect(escapeLabelValue('C:\\plant "line 1"\nB')).toBe('C:\\\\plant \\"line 1\\"\\nB');
    expect(escapeHelp('a \\ b\nc "d"')).toBe('a \\\\ b\\nc "d"');
    const text = new Exposition().gauge('g', 'x', [{ labels: { source: 'a"b\\c\n' }, value: 1 }]).text();
    expect(text).toContain('g{source="a\\"b\\\\c\\n"} 1\n');
  });

  it('writes NaN and infinities the way Prometheus reads them', () => {
    expect(formatValue(NaN)).toBe('NaN');
    expect(formatValue(Infinity)).toBe('+Inf');
    expect(formatValue(-Infinity)).toBe('-Inf');
    expect(formatValue(0.25)).toBe('0.25');
    expect(formatValue(1e21)).toBe('1e+21');
  });

  it('writes a histogram as cumulative buckets ending in +Inf, with sum and count', () => {
    const h = new Histogram([0.01, 0.1, 1]);
    for (const v of [0.005, 0.01, 0.05, 0.5, 3, NaN]) h.observe(v);
    const text = new Exposition().histogram('wf_write_seconds', 'Write time.', [{ histogram: h }]).text();
    expect(text.split('\n')).toEqual([
      '# HELP wf_write_seconds Write time.',
      '# TYPE wf_write_seconds histogram',
      'wf_write_seconds_bucket{le="0.01"} 2',
      'wf_write_seconds_bucket{le="0.1"} 3',
      'wf_write_seconds_bucket{le="1"} 4',
      'wf_write_seconds_bucket{le="+Inf"} 5',
      'wf_write_seconds_sum 3.565',
      'wf_write_seconds_count 5',
      '',
    ]);
  });

  it('keeps a series label beside le on every bucket', () => {
    const h = new Histogram([1]);
    h.observe(2);
    const text = new Exposition().histogram('h', 'x', [{ labels: { channel: 'mail' }, histogram: h }]).text();
    expect(text).toContain('h_bucket{channel="mail",le="1"} 0\nh_bucket{channel="mail",le="+Inf"} 1\n');
    expect(text).toContain('h_sum{channel="mail"} 2\nh_count{channel="mail"} 1\n');
  });

  it('writes a summary as one sample per quantile, then sum and count', () => {
    const text = new Exposition()
      .summary('lag_seconds', 'x', [
        {
          quantiles: [
            [0.5, 0.01],
            [0.99, 0.2],
          ],
          sum: 1.5,
          count: 30,
        },
      ])
      .text();
    expect(text).toBe(
      '# HELP lag_seconds x\n# TYPE lag_seconds summary\n' +
        'lag_seconds{quantile="0.5"} 0.01\nlag_seconds{quantile="0.99"} 0.2\nlag_seconds_sum 1.5\nlag_seconds_count 30\n',
    );
  });

  it('refuses names the format does not allow and a family declared twice', () => {
    expect(() => new Exposition().gauge('9lives', 'x', 1)).toThrow(/not allowed/);
    expect(() => new Exposition().gauge('g', 'x', [{ labels: { 'bad-name': 'v' }, value: 1 }])).toThrow(/not allowed/);
    expect(() => new Exposition().gauge('g', 'x', [{ labels: { __name__: 'v' }, value: 1 }])).toThrow(/not allowed/);
    expect(() => new Exposition().gauge('g', 'x', 1).counter('g', 'y', 2)).toThrow(/twice/);
  });

  it('refuses histogram bounds that are not strictly ascending or not finite', () => {
    expect(() => new Histogram([1, 1])).toThrow(/ascending/);
    expect(() => new Histogram([1, Infinity])).toThrow(/finite/);
  });
});
