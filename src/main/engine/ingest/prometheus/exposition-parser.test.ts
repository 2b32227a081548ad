import { describe, expect, it } from 'vitest';
import { labelsOf, nameOf, parseExposition, type ExpositionFormat, type Family } from './exposition-parser';

interface Got {
  series: string;
  name: string;
  value: number;
  ts: number | undefined;
  family: Family | undefined;
  line: number;
}

function parse(text: string, format: ExpositionFormat = 'prometheus') {
  const samples: Got[] = [];
  const errors: { line: number; text: string; reason: string }[] = [];
  const summary = parseExposition(text, format, {
    sample: (series, value, ts, line, families) => {
      const name = nameOf(series);
      samples.push({ series, name, value, ts, family: families.of(name), line });
    },
    error: (line, text, reason) => errors.push({ line, text, reason }),
  });
  return { samples, errors, summary };
}

describe('Prometheus text format 0.0.4', () => {
  it('reads samples with labels, HELP and TYPE, and integer millisecond timestamps', () => {
    const { samples, errors } = parse(
      [
        '# HELP http_requests_total The total number of HTTP requests.',
        '# TYPE http_requests_total counter',
        'http_requests_total{method="post",code="200"} 1027 1395066363000',
        'http_requests_total{method="post",code="400"}    3 1395066363000',
        '',
        'metric_without_timestamp_and_labels 12.47',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(samples.map((s) => [s.series, s.value, s.ts, s.line])).toEqual([
      ['http_requests_total{method="post",code="200"}', 1027, 1395066363000, 3],
      ['http_requests_total{method="post",code="400"}', 3, 1395066363000, 4],
      ['metric_without_timestamp_and_labels', 12.47, undefined, 6],
    ]);
    expect(samples[0]!.family).toMatchObject({ name: 'http_requests_total', type: 'counter' });
    expect(samples[2]!.family).toBeUndefined();
  });

  it('unescapes label values: backslash, double quote and line feed', () => {
    const { samples, errors } = parse(
      'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
    );
    expect(errors).toEqual([]);
    expect(labelsOf(samples[0]!.series)).toEqual([
      ['path', 'C:\\DIR\\FILE.TXT'],
      ['error', 'Cannot find file:\n"FILE.TXT"'],
    ]);
    expect(samples[0]!.value).toBe(1.458255915e9);
  });

  it('reads NaN, +Inf and -Inf as the numbers they are', () => {
    const { samples } = parse('a NaN\nb +Inf\nc -Inf\nd 1e-3\ne -0');
    expect(samples.map((s) => s.value)).toEqual([NaN, Infinity, -Infinity, 0.001, -0]);
  });

  it('reads histograms and summaries as their _bucket, _sum, _count and quantile series of one family', () => {
    const { samples } = parse(
      [
        '# TYPE rpc_duration_seconds summary',
        'rpc_duration_seconds{quantile="0.5"} 4773',
        'rpc_duration_seconds_sum 1.7560473e+07',
        'rpc_duration_seconds_count 2693',
        '# TYPE http_request_duration_seconds histogram',
        'http_request_duration_seconds_bucket{le="0.05"} 24054',
        'http_request_duration_seconds_bucket{le="+Inf"} 144320',
        'http_request_duration_seconds_sum 53423',
        'http_request_duration_seconds_count 144320',
      ].join('\n'),
    );
    expect(samples.map((s) => [s.name, s.family?.name, s.family?.type])).toEqual([
      ['rpc_duration_seconds', 'rpc_duration_seconds', 'summary'],
      ['rpc_duration_seconds_sum', 'rpc_duration_seconds', 'summary'],
      ['rpc_duration_seconds_count', 'rpc_duration_seconds', 'summary'],
      ['http_request_duration_seconds_bucket', 'http_request_duration_seconds', 'histogram'],
      ['http_request_duration_seconds_bucket', 'http_request_duration_seconds', 'histogram'],
      ['http_request_duration_seconds_sum', 'http_request_duration_seconds', 'histogram'],
      ['http_request_duration_seconds_count', 'http_request_duration_seconds', 'histogram'],
    ]);
    expect(labelsOf(samples[4]!.series)).toEqual([['le', '+Inf']]);
  });

  it('takes spaces inside the label set and a trailing comma, as 0.0.4 allows', () => {
    const { samples, errors } = parse('x{ a = "1" , b="2", } 5');
    expect(errors).toEqual([]);
    expect(labelsOf(samples[0]!.series)).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
  });

  it('reports each malformed line with its number and keeps every good line around it', () => {
    const { samples, errors } = parse(
      [
        'good_one 1',
        'no_value',
        'bad_value{a="1"} twelve',
        '{a="1"} 3',
        'unclosed{a="1" 4',
        'good_two{a="x"} 2',
        'too many tokens 5 6',
        '# TYPE good_three fancy',
        'good_three 3',
      ].join('\n'),
    );
    expect(samples.map((s) => s.name)).toEqual(['good_one', 'good_two', 'good_three']);
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 7, 8]);
    expect(errors[1]).toMatchObject({ text: 'bad_value{a="1"} twelve', reason: expect.stringMatching(/not a number/) });
    expect(errors[5]!.reason).toMatch(/unknown metric type "fancy"/);
  });

  it('ignores # UNIT in 0.0.4 (a comment there) and other comments', () => {
    const { samples, errors } = parse('# UNIT x seconds\n# just a comment\nx 1');
    expect(errors).toEqual([]);
    expect(samples[0]!.family).toBeUndefined();
  });

  it('takes Windows line ends', () => {
    const { samples, errors } = parse('# TYPE a gauge\r\na 1\r\nb{c="d"} 2\r\n');
    expect(errors).toEqual([]);
    expect(samples.map((s) => [s.series, s.value])).toEqual([
      ['a', 1],
      ['b{c="d"}', 2],
    ]);
  });
});

describe('label sets', () => {
  it('refuses unknown escapes, duplicate labels and unquoted values with a reason', () => {
    expect(labelsOf('x{a="\\t"}')).toMatch(/unknown escape/);
    expect(labelsOf('x{a="1",a="2"}')).toMatch(/appears twice/);
    expect(labelsOf('x{a=1}')).toMatch(/double quotes/);
    expect(labelsOf('x{1a="1"}')).toMatch(/cannot start/);
  });
});

describe('OpenMetrics 1.0', () => {
  const exposition = [
    '# TYPE acme_http_router_request_seconds summary',
    '# UNIT acme_http_router_request_seconds seconds',
    "# HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.",
    'acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32',
    'acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 807283.0',
    'acme_http_router_request_seconds_created{path="/api/v1",method="GET"} 1605281325.0',
    '# TYPE foo counter',
    'foo_total 17.0 1520879607.789 # {trace_id="KOO5S4vxi0o"} 0.67',
    '# TYPE go_goroutines gauge',
    'go_goroutines 69',
    '# EOF',
  ].join('\n');

  it('reads units, float-second timestamps (as ms) and skips exemplars', () => {
    const { samples, errors, summary } = parse(exposition, 'openmetrics');
    expect(errors).toEqual([]);
    expect(summary.eof).toBe(true);
    expect(samples[0]!.family).toMatchObject({ type: 'summary', unit: 'seconds' });
    const foo = samples.find((s) => s.name === 'foo_total')!;
    expect(foo).toMatchObject({ value: 17, ts: 1520879607789 });
    expect(foo.family).toMatchObject({ name: 'foo', type: 'counter' });
  });

  it('reads HELP escapes', () => {
    const got: string[] = [];
    parseExposition('# HELP a Say \\"hi\\"\\nand \\\\ more\n# TYPE a gauge\na 1\n# EOF\n', 'openmetrics', {
      sample: (series, _v, _t, _l, families) => got.push(families.of(nameOf(series))!.help),
      error: () => {},
    });
    expect(got).toEqual(['Say "hi"\nand \\ more']);
  });

  it('says when # EOF is missing, and refuses text after it', () => {
    expect(parse('a 1\n', 'openmetrics').summary.eof).toBe(false);
    const { samples, errors } = parse('a 1\n# EOF\nb 2\n', 'openmetrics');
    expect(samples.map((s) => s.name)).toEqual(['a']);
    expect(errors).toEqual([{ line: 3, text: 'b 2', reason: 'text after "# EOF"' }]);
  });
});
