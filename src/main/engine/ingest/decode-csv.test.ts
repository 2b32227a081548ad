import { describe, expect, it } from 'vitest';
import { csvColumnProblem, decodeCsvPayload, type CsvOptions } from './decode-csv';

const now = Date.parse('2026-11-22T08:00:00Z');
const opts = { now, maxPayloadBytes: 4096, maxFutureMs: 3600_000, maxAgeMs: 3600_000 };
const csv: CsvOptions = { separator: ',', columns: ['deviceId', 'sensorType', 'value', 'timestamp'] };
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

describe('decodeCsvPayload', () => {
  it('reads one Kafka record of one line with the configured columns', () => {
    const r = decodeCsvPayload(enc('device-001,temperature,72.4,2026-11-22T07:59:58.250Z'), csv, opts);
    expect(r.rejects).toEqual([]);
    expect(r.readings).toEqual([
      {
        index: 0,
        deviceId: 'device-001',
        signal: 'temperature',
        ts: Date.parse('2026-11-22T07:59:58.250Z'),
        value: 72.4,
        quality: 'good',
        unit: '',
      },
    ]);
  });

  it('maps columns by a header row in any order, ignoring columns it does not know', () => {
    const body = [
      'timestamp,site,Signal,device_id,value,unit,status',
      `${now},north,pressure,press-7,31.5,bar,ok`,
      `${now / 1000},north,pressure,press-8,-2e1,bar,fault`,
      '',
    ].join('\r\n');
    const r = decodeCsvPayload(body, csv, opts);
    expect(r.rejects).toEqual([]);
    expect(r.readings.map((x) => [x.index, x.deviceId, x.signal, x.value, x.unit, x.quality, x.ts])).toEqual([
      [0, 'press-7', 'pressure', 31.5, 'bar', 'good', now],
      [1, 'press-8', 'pressure', -20, 'bar', 'bad', now],
    ]);
  });

  it('treats a first row with numbers as data, and can be told there is a header', () => {
    expect(decodeCsvPayload('a,s,1,\nb,s,2,', csv, opts).readings.map((x) => x.deviceId)).toEqual(['a', 'b']);
    const forced = decodeCsvPayload('dev,sig,val,ts\na,s,1,', { ...csv, header: true }, opts);
    expect(forced.rejects.map((x) => x.reason)).toEqual([
      'header row: CSV columns lack deviceId, sensorType (or signal), value',
    ]);
    const none = decodeCsvPayload('deviceId,sensorType,value,timestamp', { ...csv, header: false }, opts);
    expect(none.rejects.map((x) => x.reason)).toEqual(['row 1: "value" "value" is not a number']);
  });

  it('recognises a quoted header, and never takes a bad first data row for one', () => {
    const quoted = decodeCsvPayload('"Device ID";"Signal";"Value"\n"a";"s";"2"', { ...csv, separator: ';' }, opts);
    expect(quoted.readings.map((x) => [x.deviceId, x.value])).toEqual([['a', 2]]);
    const bad = decodeCsvPayload('pump-1,value,on,\npump-1,value,1,', csv, opts);
    expect(bad.rejects.map((x) => x.reason)).toEqual(['row 1: "value" "on" is not a number']);
    expect(bad.readings.map((x) => [x.index, x.signal, x.value])).toEqual([[1, 'value', 1]]);
  });

  it('without configured columns, the first row names them', () => {
    const r = decodeCsvPayload('value,deviceId,signal\n1,a,s', { separator: ',' }, opts);
    expect(r.readings.map((x) => [x.deviceId, x.signal, x.value, x.ts])).toEqual([['a', 's', 1, now]]);
    expect(decodeCsvPayload('1,a,s', { separator: ',' }, opts).rejects.map((x) => x.reason)).toEqual([
      'header row: CSV columns lack deviceId, sensorType (or signal), value',
    ]);
  });

  it('reads RFC 4180 quoted fields: separators, doubled quotes and newlines inside quotes', () => {
    const body = 'deviceId,sensorType,value,unit\n"line,1","flow",12,"m3/h ""std"""\n"a","multi\nline",3,x\n';
    const r = decodeCsvPayload(body, csv, opts);
    expect(r.readings.map((x) => [x.deviceId, x.unit])).toEqual([]);
    expect(r.rejects.map((x) => x.reason)).toEqual([
      'row 1: "deviceId" "line,1" has characters other than letters, digits and . _ : -',
      'row 2: "sensorType" "multi\\nline" is not a valid signal name',
    ]);
    const ok = decodeCsvPayload('deviceId,sensorType,value,unit\n"m-1", "flow" ,"12","m3/h ""std"""\n', csv, opts);
    expect(ok.readings.map((x) => [x.deviceId, x.signal, x.value, x.unit])).toEqual([
      ['m-1', 'flow', 12, 'm3/h "std"'],
    ]);
  });

  it('rejects ragged rows with their number, keeping the good rows beside them', () => {
    const r = decodeCsvPayload('a,s,1,\nb,s,2\nc,s,3,,extra\nd,s,4,', csv, opts);
    expect(r.readings.map((x) => [x.index, x.deviceId])).toEqual([
      [0, 'a'],
      [3, 'd'],
    ]);
    expect(r.rejects.map((x) => [x.index, x.reason, dec(x.raw)])).toEqual([
      [1, 'row 2 has 3 fields, expected 4', 'b,s,2'],
      [2, 'row 3 has 5 fields, expected 4', 'c,s,3,,extra'],
    ]);
  });

  it.each([
    ['a non-number', 'a,s,abc,', 'row 1: "value" "abc" is not a number'],
    ['hex', 'a,s,0x1F,', 'row 1: "value" "0x1F" is not a number'],
    ['an empty value', 'a,s,,', 'row 1: missing "value"'],
    ['an overflowing number', 'a,s,1e999,', 'row 1: "value" is not a finite number'],
    ['a missing device', ',s,1,', 'row 1: missing "deviceId"'],
    ['a bad date', 'a,s,1,yesterday', 'row 1: "timestamp" "yesterday" is not a date'],
    [
      'a reading from last year',
      'a,s,1,2025-11-22T08:00:00Z',
      `row 1: "timestamp" 2025-11-22T08:00:00.000Z is more than 1 h old (ingest.maxAgeMs)`,
    ],
    ['an unterminated quote', 'a,"s,1,', 'row 1 has an unterminated quoted field'],
    ['text after a closing quote', 'a,"s"x,1,', 'row 1 has characters after a closing quote'],
  ])('rejects %s with a reason', (_what, line, reason) => {
    const r = decodeCsvPayload(line, csv, opts);
    expect(r.readings).toEqual([]);
    expect(r.rejects.map((x) => x.reason)).toEqual([reason]);
  });

  it('numeric strings are numbers; with ";" a decimal comma is too', () => {
    const r = decodeCsvPayload('a;s;1,5;\nb;s;" 7.25 ";', { ...csv, separator: ';' }, opts);
    expect(r.rejects).toEqual([]);
    expect(r.readings.map((x) => x.value)).toEqual([1.5, 7.25]);
    expect(decodeCsvPayload('a\ts\t-0.5\t', { ...csv, separator: '\t' }, opts).readings[0]!.value).toBe(-0.5);
  });

  it('rejects oversized, non-UTF-8 and empty payloads whole', () => {
    expect(decodeCsvPayload(enc('a,s,1,'.repeat(1000)), csv, opts).rejects[0]!.reason).toMatch(/exceeds the 4096-byte/);
    expect(decodeCsvPayload(new Uint8Array([0xff, 0x2c]), csv, opts).rejects[0]!.reason).toBe(
      'payload is not valid UTF-8',
    );
    expect(decodeCsvPayload('\n\n', csv, opts).rejects[0]!.reason).toBe('empty payload: no rows');
  });

  it('skips a byte-order mark and blank lines, and an unknown status is uncertain', () => {
    const r = decodeCsvPayload('\ufeffdeviceId,signal,value,quality\n\na,s,1,STALE\n\nb,s,2,chirpy\n', csv, opts);
    expect(r.readings.map((x) => [x.index, x.quality])).toEqual([
      [0, 'uncertain'],
      [1, 'uncertain'],
    ]);
  });
});

describe('csvColumnProblem', () => {
  it('names what a column list lacks', () => {
    expect(csvColumnProblem(['deviceId', 'sensorType', 'value'])).toBeNull();
    expect(csvColumnProblem(['device_id', 'signal', 'VALUE', 'whatever'])).toBeNull();
    expect(csvColumnProblem(['deviceId', 'timestamp'])).toBe('CSV columns lack sensorType (or signal), value');
  });
});
