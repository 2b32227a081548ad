import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeScrape } from './scrape-decoder';
import { SeriesMapper, compilePattern, type MappingConfig } from './series-mapping';

const NOW = 1_800_000_000_000;
const LIMITS = { now: NOW, maxFutureMs: 300_000, maxAgeMs: null };
const BASE: MappingConfig = {
  device: '{{instance}}',
  signal: '{{__name__}}{{labels}}',
  metrics: { allow: [], deny: [] },
  rates: [],
  keepCounters: false,
};

function mapper(patch: Partial<MappingConfig> = {}) {
  return new SeriesMapper({ ...BASE, ...patch }, { instance: '10.0.0.5:9100', job: 'node' });
}

const text = (r: Uint8Array) => new TextDecoder().decode(r);

describe('a scrape into readings', () => {
  it('names the device from the target and the signal from the metric and its other labels', () => {
    const d = decodeScrape(
      'node_cpu_seconds_total{cpu="0",mode="idle"} 12.5\nup 1\n',
      'prometheus',
      mapper(),
      NOW,
      LIMITS,
    );
    expect(d.readings).toEqual([
      {
        deviceId: '10.0.0.5:9100',
        signal: 'node_cpu_seconds_total/cpu:0/mode:idle',
        ts: NOW,
        value: 12.5,
        quality: 'good',
        unit: '',
      },
      { deviceId: '10.0.0.5:9100', signal: 'up', ts: NOW, value: 1, quality: 'good', unit: '' },
    ]);
  });

  it('takes device and signal from labels by template; a series label wins over the target label', () => {
    const m = mapper({ device: '{{label:plant}}-{{host}}', signal: '{{job}}.{{__name__}}' });
    const d = decodeScrape('temp{plant="north",host="press 7",job="plc"} 80\n', 'prometheus', m, NOW, LIMITS);
    // The space is not a character a device id may have: it becomes "_".
    expect(d.readings[0]).toMatchObject({ deviceId: 'north-press_7', signal: 'plc.temp', value: 80 });
  });

  it('takes the unit from # UNIT', () => {
    const d = decodeScrape('# TYPE t gauge\n# UNIT t celsius\nt 21\n# EOF\n', 'openmetrics', mapper(), NOW, LIMITS);
    expect(d.readings[0]).toMatchObject({ signal: 't', unit: 'celsius' });
  });

  it('skips and counts NaN and infinite values instead of storing them', () => {
    const d = decodeScrape('a NaN\nb +Inf\nc -Inf\nd 4\n', 'prometheus', mapper(), NOW, LIMITS);
    expect(d.readings.map((r) => r.signal)).toEqual(['d']);
    expect(d).toMatchObject({ samples: 4, skipped: 3, refused: 0 });
  });

  it('uses a sample timestamp when given (ms in 0.0.4, seconds in OpenMetrics) and refuses one too far ahead', () => {
    const p = decodeScrape(`a 1 ${NOW - 5000}\nb 2 ${NOW + 3_600_000}\n`, 'prometheus', mapper(), NOW, LIMITS);
    expect(p.readings).toHaveLength(1);
    expect(p.readings[0]!.ts).toBe(NOW - 5000);
    expect(p.rejects[0]!.reason).toMatch(/^line 2: the timestamp .* ahead of the engine's clock/);
    const o = decodeScrape(`a 1 ${(NOW - 5000) / 1000}\n# EOF\n`, 'openmetrics', mapper(), NOW, LIMITS);
    expect(o.readings[0]!.ts).toBe(NOW - 5000);
  });

  it('keeps the good lines of a scrape and refuses each malformed one with its line number, as the line itself', () => {
    const d = decodeScrape('a 1\nb{x="1" 2\nc 3\nd zz\n', 'prometheus', mapper(), NOW, LIMITS);
    expect(d.readings.map((r) => r.signal)).toEqual(['a', 'c']);
    expect(d.rejects.map((r) => [r.reason.replace(/:.*/, ''), text(r.raw), r.join])).toEqual([
      ['line 2', 'b{x="1" 2', 'lines'],
      ['line 4', 'd zz', 'lines'],
    ]);
  });

  it('says when an OpenMetrics exposition ends without # EOF, keeping its samples', () => {
    const d = decodeScrape('a 1\nb 2\n', 'openmetrics', mapper(), NOW, LIMITS);
    expect(d.readings).toHaveLength(2);
    expect(d.rejects[0]!.reason).toMatch(/line 2: the exposition ends without "# EOF"/);
  });

  it('drops what the deny patterns name and keeps only what allow names; globs and /regex/', () => {
    const exposition = 'node_cpu_seconds_total 1\nnode_memory_free_bytes 2\ngo_goroutines 3\nprocess_open_fds 4\n';
    const d = decodeScrape(
      exposition,
      'prometheus',
      mapper({ metrics: { allow: ['node_*', '/go_.+/'], deny: ['*_bytes'] } }),
      NOW,
      LIMITS,
    );
    expect(d.readings.map((r) => r.signal)).toEqual(['node_cpu_seconds_total', 'go_goroutines']);
    expect(compilePattern('a?c').test('abc')).toBe(true);
    expect(compilePattern('a.c').test('abc')).toBe(false);
  });

  it('drops the OpenMetrics _created series of counters, histograms and summaries', () => {
    const d = decodeScrape(
      '# TYPE r counter\nr_total 3\nr_created 1.6e9\n# EOF\n',
      'openmetrics',
      mapper(),
      NOW,
      LIMITS,
    );
    expect(d.readings.map((r) => r.signal)).toEqual(['r_total']);
  });

  it('turns listed counters into per-second rates across scrapes, through a counter reset', () => {
    const m = mapper({ rates: ['requests_total'] });
    const scrape = (v: number, at: number) =>
      decodeScrape(`# TYPE requests counter\nrequests_total{code="200"} ${v}\n`, 'prometheus', m, at, {
        ...LIMITS,
        now: at,
      });
    const first = scrape(100, NOW);
    expect(first.readings).toEqual([]);
    expect(first.skipped).toBe(1);
    const second = scrape(160, NOW + 15_000);
    expect(second.readings).toEqual([
      expect.objectContaining({ signal: 'requests_total:rate/code:200', value: 4, unit: '/s', ts: NOW + 15_000 }),
    ]);
    // The exporter restarted: the counter counts again from zero.
    const reset = scrape(30, NOW + 30_000);
    expect(reset.readings[0]!.value).toBe(2);
  });

  it('keeps the running total beside the rate when asked; never makes gauges or quantiles into rates', () => {
    const m = mapper({ rates: ['*'], keepCounters: true });
    const body = (v: number) =>
      `# TYPE c counter\nc_total ${v}\n# TYPE g gauge\ng ${v}\n# TYPE s summary\ns{quantile="0.5"} ${v}\ns_count ${v}\n`;
    decodeScrape(body(1), 'prometheus', m, NOW, LIMITS);
    const d = decodeScrape(body(11), 'prometheus', m, NOW + 10_000, { ...LIMITS, now: NOW + 10_000 });
    expect(d.readings.map((r) => `${r.signal}=${r.value}`).sort()).toEqual(
      ['c_total:rate=1', 'c_total=11', 'g=11', 's/quantile:0.5=11', 's_count:rate=1', 's_count=11'].sort(),
    );
  });

  it('refuses a series whose device template gives no name, naming the template', () => {
    const d = decodeScrape('a{x="1"} 1\n', 'prometheus', mapper({ device: '{{plant}}' }), NOW, LIMITS);
    expect(d.readings).toEqual([]);
    expect(d.rejects[0]!.reason).toMatch(/line 1: the device template "\{\{plant\}\}" gives no name/);
  });

  it('cuts a signal name that is too long, keeping it unique', () => {
    const long = 'x'.repeat(60);
    const d = decodeScrape(`m{a="${long}",b="1"} 1\nm{a="${long}",b="2"} 1\n`, 'prometheus', mapper(), NOW, LIMITS);
    const [s1, s2] = d.readings.map((r) => r.signal);
    expect(s1!.length).toBeLessThanOrEqual(128);
    expect(s1).not.toBe(s2);
  });

  it('refuses the whole scrape over the sample limit', () => {
    expect(() => decodeScrape('a 1\nb 2\nc 3\n', 'prometheus', mapper(), NOW, LIMITS, { sampleLimit: 2 })).toThrow(
      /3 samples, more than the source's sampleLimit \(2\)/,
    );
  });
});

describe('a hostile exposition', () => {
  // Lines built from the pieces an exposition is made of, shuffled and broken.
  const piece = fc.constantFrom(
    'a',
    'x_total',
    '__proto__',
    'constructor',
    '{',
    '}',
    '"',
    '\\',
    '=',
    ',',
    ' ',
    '\t',
    '#',
    '# TYPE',
    '# UNIT',
    '# HELP',
    '# EOF',
    'le="+Inf"',
    'NaN',
    '-Inf',
    '1e308',
    '0x10',
    '1.5',
    '1700000000',
    '\r',
  );
  const line = fc.oneof(
    fc.array(piece, { maxLength: 8 }).map((p) => p.join('')),
    fc.string({ maxLength: 30 }),
  );
  const exposition = fc.array(line, { maxLength: 30 }).map((ls) => ls.join('\n'));

  it('never throws; keeps only named, finite readings; refuses each bad line by its number', () => {
    fc.assert(
      fc.property(exposition, fc.constantFrom('prometheus' as const, 'openmetrics' as const), (text, format) => {
        const d = decodeScrape(text, format, mapper(), NOW, LIMITS);
        const lines = text.split('\n').length;
        for (const r of d.readings) {
          expect(Number.isFinite(r.value)).toBe(true);
          expect(r.deviceId).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
          expect(r.signal).toMatch(/^[A-Za-z0-9._:/-]{1,128}$/);
          expect(['__proto__', 'constructor', 'prototype']).not.toContain(r.signal);
        }
        for (const r of d.rejects) {
          const n = Number(/^line (\d+):/.exec(r.reason)?.[1]);
          expect(n).toBeGreaterThanOrEqual(1);
          expect(n).toBeLessThanOrEqual(lines);
        }
      }),
      { seed: 18, numRuns: 2000 },
    );
  });
});
