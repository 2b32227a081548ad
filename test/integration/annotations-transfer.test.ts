// Export and import of labels between real engines: a CSV or JSON export imported into a fresh
// engine exports again byte for byte (ids, authors, times, deleted labels, corrected values and
// awkward text kept), an import into an engine that has the labels updates only what differs,
// and bad rows are refused by line with the reason while the rest load.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { contractClient } from '../support/contract-client';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { waitFor } from '../support/wait';

const T0 = Date.UTC(2026, 10, 2, 8);
const AWKWARD = [
  'quote " comma , semicolon ; and a tab\there',
  'two\nlines, then CRLF\r\nand "quoted, text"',
  'Ünïcödé 温度计 — ok ✓',
  '',
  ' leading and trailing spaces ',
];

describe('annotation export and import', () => {
  let dir: ReturnType<typeof makeTempDir>;
  const engines: Engine[] = [];
  const start = async (name: string) => {
    const e = await startEngine(join(dir.path, name), { simulator: { enabled: false } });
    engines.push(e);
    return { engine: e, client: contractClient(e) };
  };
  let source: Awaited<ReturnType<typeof start>>;

  beforeAll(async () => {
    dir = makeTempDir();
    source = await start('source');
    const { engine, client } = source;
    await engine.services.pipeline.submit(
      'test',
      'limits',
      new TextEncoder().encode(
        JSON.stringify([{ deviceId: 'device-001', sensorType: 'temperature', value: 99, timestamp: Date.now() }]),
      ),
    );
    await waitFor(() => engine.services.alarmStore.list({ limit: 10 }).length === 1, { what: 'an alarm' });
    const alarmId = engine.services.alarmStore.list({ limit: 10 })[0]!.id;
    let i = 0;
    for (const text of AWKWARD) {
      await client.request('annotations.create', {
        deviceId: 'device-001',
        signal: i % 2 ? '*' : 'temperature',
        from: T0 + i * 60_000,
        to: T0 + i * 60_000 + 59_999,
        verdict: i % 2 ? 'maintenance' : 'false-alarm',
        cause: i === 1 ? 'Planned maintenance' : null,
        text,
      });
      i++;
    }
    // Two labels starting at the same time (the order must not depend on storage), one of them deleted.
    await client.request('annotations.create', { deviceId: 'device-002', from: T0, to: T0 + 5, verdict: 'unsure' });
    const gone = await client.request('annotations.create', {
      deviceId: 'device-002',
      from: T0,
      to: T0 + 5,
      verdict: 'unsure',
      text: 'gone',
    });
    await client.request('annotations.delete', { id: gone.id, revision: 1 });
    await client.request('annotations.create', {
      deviceId: 'device-001',
      signal: 'temperature',
      from: T0,
      to: T0 + 1000,
      verdict: 'true-anomaly',
      target: { type: 'alarm', alarmId },
    });
    await client.request('annotations.create', {
      deviceId: 'device-003',
      signal: 'vibration',
      from: T0 + 7,
      to: T0 + 7,
      verdict: 'false-alarm',
      target: { type: 'anomaly', detector: 'rule:limits', kind: 'high', ts: T0 + 7 },
    });
    const bad = await client.request('annotations.create', {
      deviceId: 'device-004',
      signal: 'production_counter',
      from: T0,
      to: T0 + 10_000,
      verdict: 'bad-data',
      cause: 'Wiring / communication',
    });
    await client.request('annotations.setCorrections', {
      id: bad.id,
      revision: 1,
      values: [
        { ts: T0 + 2000, value: 0.1 + 0.2 },
        { ts: T0, value: -1e-7 },
        { ts: T0 + 10_000, value: 123456789.125 },
      ],
    });
  });

  afterAll(async () => {
    for (const e of engines) await e.stop();
    dir?.remove();
  });

  for (const format of ['csv', 'json'] as const) {
    it(`round-trips every label through ${format} into a fresh engine, byte for byte`, async () => {
      const first = await source.client.request('annotations.export', { format, includeDeleted: true });
      expect(first.count).toBe(AWKWARD.length + 5);
      const fresh = await start(`fresh-${format}`);
      const loaded = await fresh.client.request('annotations.import', { format, content: first.content });
      expect(loaded).toEqual({ created: AWKWARD.length + 5, updated: 0, unchanged: 0, rejected: [] });
      const again = await fresh.client.request('annotations.export', { format, includeDeleted: true });
      expect(again.content).toBe(first.content);
      // The labels themselves came across: ids, authors, texts, the deleted one, the corrections.
      const page = await fresh.client.request('annotations.list', { includeDeleted: true, limit: 100 });
      const texts = page.items.map((a) => a.text);
      for (const t of AWKWARD) expect(texts).toContain(t);
      expect(page.items.find((a) => a.text === 'gone')?.deleted).toBe(true);
      const corrected = await fresh.client.request('annotations.corrected', {
        series: ['device-004/production_counter'],
        from: T0,
        to: T0 + 10_000,
      });
      expect(corrected[0]?.value).toEqual([-1e-7, 0.1 + 0.2, 123456789.125]);
      const one = page.items[0]!;
      const { history } = await fresh.client.request('annotations.get', { id: one.id });
      expect(history).toEqual([expect.objectContaining({ action: 'import', by: 'local', revision: 1 })]);
      // Importing the same file again changes nothing.
      expect(await fresh.client.request('annotations.import', { format, content: again.content })).toMatchObject({
        created: 0,
        updated: 0,
        unchanged: AWKWARD.length + 5,
      });
    });
  }

  it('writes CSV as RFC 4180 with a header row, and only the filtered labels', async () => {
    const { content, count } = await source.client.request('annotations.export', {
      format: 'csv',
      deviceId: 'device-001',
      verdicts: ['false-alarm'],
    });
    expect(count).toBe(3);
    const lines = content.split('\r\n');
    expect(lines[0]).toBe('id,series,start,end,verdict,cause,text,author,created,updated,target,deleted,corrections');
    expect(content).toContain(',"quote "" comma , semicolon ; and a tab\there",');
    expect(content).toContain(`,device-001/temperature,${new Date(T0).toISOString()},`);
  });

  it('updates what differs, keeps what is the same, and refuses bad rows by line while the rest load', async () => {
    const target = await start('target');
    const { content } = await source.client.request('annotations.export', { format: 'csv', deviceId: 'device-003' });
    await target.client.request('annotations.import', { format: 'csv', content });
    const [header, row] = content.split('\r\n');
    const changed = row!.replace('false-alarm', 'true-anomaly');
    const file = [
      header,
      changed, // line 2: an update of the label imported before
      'nonsense', // line 3: too few fields
      ',device-003/vibration,2026-11-02T08:00:00.000Z,2026-11-02T07:00:00.000Z,unsure,,,,,,,,', // 4: backwards
      ',device-003/vibration,2026-11-02T08:00:00.000Z,2026-11-02T09:00:00.000Z,unsure,Gremlins,,,,,,,', // 5: unknown cause
      ',device-009/x,2026-11-02T08:00:00.000Z,2026-11-02T09:00:00.000Z,unsure,,,,,,,,', // 6: unknown device
      ',device-003/vibration,2026-11-02T08:00:00.000Z,2026-11-02T09:00:00.000Z,unsure,,"new, with a comma",,,,,,', // 7: new
      ',device-003/vibration,2026-11-02,2026-11-02T09:00:00.000Z,unsure,,,,,,,,', // 8: not ISO with ms
      '',
    ].join('\r\n');
    const result = await target.client.request('annotations.import', { format: 'csv', content: file });
    expect(result).toMatchObject({ created: 1, updated: 1, unchanged: 0 });
    expect(result.rejected.map((r) => r.line)).toEqual([3, 4, 5, 6, 8]);
    expect(result.rejected.find((r) => r.line === 5)?.reason).toContain('"Gremlins" is not one of the site\'s causes');
    expect(result.rejected.find((r) => r.line === 6)?.reason).toContain('no device "device-009"');
    expect(result.rejected.find((r) => r.line === 4)?.reason).toContain('"start" is after "end"');
    const id = row!.split(',')[0]!;
    const { annotation, history } = await target.client.request('annotations.get', { id });
    expect(annotation.verdict).toBe('true-anomaly');
    expect(history.map((h) => h.action)).toEqual(['import', 'import']);
    expect(history[1]).toMatchObject({ before: { verdict: 'false-alarm' }, after: { verdict: 'true-anomaly' } });
    const list = await target.client.request('annotations.list', { q: 'comma' });
    expect(list.items.map((a) => [a.text, a.author])).toEqual([['new, with a comma', 'local']]);

    const json = await target.client.request('annotations.import', { format: 'json', content: '[{"series":"x"}, 3]' });
    expect(json.rejected).toEqual([
      { line: 1, reason: expect.stringContaining('"series" must be device/signal') },
      { line: 2, reason: 'not an object' },
    ]);
  });
});
