import { describe, expect, it } from 'vitest';
import { createRandom } from '../../simulator/random';
import { evaluateCsv, scoresCsv } from './eval-csv';

/**
 * A labelled three-signal process: b follows a, c is noise. Rows 1500–1549 break the a–b
 * relation while every value stays inside its usual range; rows 1800–1809 spike c.
 */
function labelledCsv(): string {
  const rnd = createRandom(3);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const lines = ['timestamp;a;b;c;site;label'];
  for (let i = 0; i < 2000; i++) {
    const a = 50 + 20 * Math.sin(i / 30) + gauss();
    const broken = i >= 1500 && i < 1550;
    const spike = i >= 1800 && i < 1810;
    const b = broken ? 10 + 0.5 * (100 - a) : 10 + 0.5 * a + 0.3 * gauss();
    const c = spike ? 40 : 5 + gauss();
    const ts = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
    lines.push(`${ts};${a.toFixed(3)};${b.toFixed(3)};${c.toFixed(3)};north;${broken || spike ? 1 : 0}`);
  }
  return lines.join('\n');
}

describe('eval csv', () => {
  it('finds the labelled faults with few false alarms and writes one score per row', async () => {
    const r = await evaluateCsv(labelledCsv(), {
      separator: ';',
      labelColumn: 'label',
      ignoreColumns: ['site'],
      trainRows: 800,
      stats: true,
      // 800 one-minute rows (13 h 19 min): this test is about what the model finds, not the minimum span.
      minSpanMs: 0,
    });
    expect(r.signals).toEqual(['a', 'b', 'c']);
    expect(r.rows).toBe(2000);
    const m = r.metrics!;
    expect(m.evaluatedRows).toBe(1200);
    expect(m.truePositives + m.falseNegatives).toBe(60);
    // The broken correlation is most rows where a is far from its mean; the spike every row.
    expect(m.recall).toBeGreaterThan(0.6);
    expect(m.precision).toBeGreaterThan(0.8);
    expect(m.falseAlarmRate).toBeLessThan(0.01);
    expect(m.f1).toBeCloseTo((2 * m.precision * m.recall) / (m.precision + m.recall), 10);
    expect(m.missedAlarmRate).toBeCloseTo(1 - m.recall, 10);

    const csv = scoresCsv(r).trim().split('\n');
    expect(csv[0]).toBe('timestamp,anomaly_score,is_anomaly');
    expect(csv).toHaveLength(2001);
    expect(csv[1]).toMatch(/^2026-01-01T00:00:00.000Z,0\.\d{6},[01]$/);
    const spike = csv[1801]!.split(',');
    expect(spike[2]).toBe('1');
  });

  it('refuses a model whose training rows do not cover normal running, and scores with the statistics alone', async () => {
    // a and b: unrelated cycles of 1,200 and 1,260 rows, in phase over the 3,000 training rows
    // (their beat is 25,200 rows), so they look correlated there and drift apart afterwards.
    const rnd = createRandom(9);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    const lines = ['timestamp,a,b,c,label'];
    for (let i = 0; i < 10_000; i++) {
      const a = 10 * Math.sin((2 * Math.PI * i) / 1200) + gauss();
      const b = 10 * Math.sin((2 * Math.PI * i) / 1260) + gauss();
      lines.push(`${Date.UTC(2026, 0, 1) + i * 1000},${a},${b},${gauss()},0`);
    }
    // 50 minutes of rows: the point is the coincidence check, which the minimum span would pre-empt.
    const o = { separator: ',', labelColumn: 'label', ignoreColumns: [], trainRows: 3000, stats: true, minSpanMs: 0 };
    const r = await evaluateCsv(lines.join('\n'), o);
    expect(r.refused).toMatch(/^model refused: a and b moved together \(r = 0\.\d\d\) but cycle so slowly/);
    expect(r.refused).toMatch(/train on a longer span/);
    expect(r.coverage.coincidences[0]!.signals).toEqual(['a', 'b']);
    // The statistics alone: quiet on this normal data.
    expect(r.metrics!.falseAlarmRate).toBeLessThan(0.02);
    // What the refused model would have done: alarm on a large share of normal running.
    const kept = await evaluateCsv(lines.join('\n'), { ...o, stats: false, keepRefused: true });
    expect(kept.metrics!.falseAlarmRate).toBeGreaterThan(0.1);
  });

  it("refuses training rows shorter than the minimum span on the CSV's times, and skips the rule without times", async () => {
    const o = { separator: ';', labelColumn: 'label', ignoreColumns: ['site'], trainRows: 800, stats: true };
    const r = await evaluateCsv(labelledCsv(), o);
    expect(r.span).toEqual({ ms: 799 * 60_000, minMs: 86_400_000, timeColumn: 'timestamp' });
    expect(r.refused).toBe(
      'model refused: the history spans 13 h 19 min; a model needs at least 24 h of normal running ' +
        '(models.minTrainingSpan) — train on a longer span',
    );
    // Refused: the faults are left to the statistics, which miss the broken correlation.
    expect(r.metrics!.recall).toBeLessThan(0.5);
    // Held to 12 h the same rows pass.
    expect((await evaluateCsv(labelledCsv(), { ...o, minSpanMs: 12 * 3_600_000 })).refused).toBeNull();
    // The same rows with a row number instead of a time: no span known, the rule is skipped.
    const untimed = labelledCsv()
      .split('\n')
      .map((l, i) => (i === 0 ? l.replace('timestamp', 'row') : l.replace(/^[^;]+/, `row-${i}`)))
      .join('\n');
    const u = await evaluateCsv(untimed, o);
    expect(u.span).toEqual({ ms: null, minMs: 86_400_000, timeColumn: 'row' });
    expect(u.refused).toBeNull();
  });

  it('says which column is missing and refuses too little training data', async () => {
    await expect(
      evaluateCsv('t,a\n1,2\n', { separator: ',', labelColumn: 'y', ignoreColumns: [], stats: false }),
    ).rejects.toThrow(/label column "y" is not a column \(columns: t, a\)/);
    await expect(
      evaluateCsv(labelledCsv(), {
        separator: ';',
        ignoreColumns: ['site'],
        labelColumn: 'label',
        trainRows: 5,
        stats: false,
      }),
    ).rejects.toThrow(/only 5 clean training rows/);
  });
});
