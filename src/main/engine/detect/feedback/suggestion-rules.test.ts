import { describe, expect, it } from 'vitest';
import { delayAbove, measure, propose, type EventMeasure, type RuleInForce } from './suggestion-rules';

const rules: RuleInForce = {
  hi: 85,
  lo: 15,
  hiHi: 95,
  loLo: 5,
  deadband: 0,
  limitsOnDelayMs: 0,
  maxPerSecond: NaN,
  rateDeadband: 0,
  rateOnDelayMs: 0,
  flatlineOnDelayMs: 0,
};

/** Readings every second from t0 with these values. */
const series = (t0: number, values: number[]) => values.map((value, i) => ({ ts: t0 + i * 1000, value }));

const ev = (labelId: string, p: Partial<EventMeasure>): EventMeasure => ({
  labelId,
  kind: 'high',
  durationMs: 60_000,
  peak: 90,
  crossings: 1,
  dipDepth: 0,
  ...p,
});

describe('measure', () => {
  it('finds how long, how far and how often a value went past hi, and how deep it dipped back', () => {
    const m = measure('L1', 'high', series(0, [80, 86, 87, 84.2, 86.5, 83.6, 86, 80]), rules)!;
    expect(m).toEqual({ labelId: 'L1', kind: 'high', durationMs: 2000, peak: 87, crossings: 3, dipDepth: 85 - 83.6 });
  });

  it('mirrors low limits and measures rate as change per second', () => {
    expect(measure('L', 'low', series(0, [20, 14, 13.2, 16]), rules)).toMatchObject({ peak: 13.2, durationMs: 2000 });
    const r = measure('L', 'rate', series(0, [0, 1, 6, 7]), { ...rules, maxPerSecond: 3 })!;
    expect(r).toMatchObject({ peak: 5, crossings: 1, durationMs: 1000 });
    expect(measure('L', 'high', series(0, [80, 81]), rules)).toBeNull();
  });
});

describe('propose', () => {
  it('short false alarms: an on-delay just above the longest, on a round value', () => {
    const p = propose(
      'd/t',
      [
        ev('a', { durationMs: 4000, peak: 93 }),
        ev('b', { durationMs: 8200, peak: 91 }),
        ev('c', { durationMs: 6000, peak: 94 }),
      ],
      [ev('t', { durationMs: 120_000, peak: 99 })],
      rules,
    )!;
    expect(p).toMatchObject({ rule: 'limits', field: 'onDelayMs', current: 0, proposed: 10_000 });
    expect(p.basedOn).toEqual(['a', 'b', 'c']);
    expect(p.reason).toMatch(/3 of 3 .* within 8\.2 s; an on-delay of 10 s .* true anomaly lasted 2 min/);
    expect(delayAbove(10_000)).toBe(15_000);
  });

  it('does not propose an on-delay that a shorter true anomaly would fall under', () => {
    const falses = [
      ev('a', { durationMs: 4000, peak: 93 }),
      ev('b', { durationMs: 8200, peak: 91 }),
      ev('c', { durationMs: 6000, peak: 94 }),
    ];
    const p = propose('d/t', falses, [ev('t', { durationMs: 5000, peak: 94.5 })], rules);
    expect(p).toBeNull();
  });

  it('chattering false alarms: a deadband deeper than the deepest dip between crossings', () => {
    const p = propose(
      'd/t',
      [ev('a', { crossings: 5, dipDepth: 1.4 }), ev('b', { crossings: 4, dipDepth: 0.8 }), ev('c', { crossings: 1 })],
      [],
      rules,
    )!;
    expect(p).toMatchObject({ field: 'deadband', current: 0, proposed: 1.5 });
    expect(p.reason).toMatch(
      /2 of 3 .* chattered around hi 85 \(up to 5 crossings, dipping back at most 1\.4 inside\)/,
    );
  });

  it('long excursions just past the limit: hi moved one step past the highest peak, below hiHi and true peaks', () => {
    const falses = [
      ev('a', { durationMs: 900_000, peak: 86.3 }),
      ev('b', { durationMs: 1_200_000, peak: 85.9 }),
      ev('c', { durationMs: 700_000, peak: 87.2 }),
    ];
    const p = propose('d/t', falses, [ev('t', { durationMs: 600_000, peak: 92 })], rules)!;
    expect(p).toMatchObject({ field: 'hi', current: 85, proposed: 88 });
    expect(p.reason).toMatch(/peaked at most 87\.2, just above hi 85; hi 88 .* lowest true-anomaly peak \(92\)/);
    // A true anomaly that peaked at 87.5 would be hidden by hi 88: no change is proposed.
    expect(propose('d/t', falses, [ev('t', { durationMs: 600_000, peak: 87.5 })], rules)).toBeNull();
    // Nor one that would reach hiHi.
    expect(propose('d/t', falses, [], { ...rules, hiHi: 88 })).toBeNull();
  });

  it('low limits move down, past the lowest labelled trough', () => {
    const lows = ['a', 'b', 'c'].map((id, i) => ev(id, { kind: 'low', durationMs: 900_000, peak: 14.2 - i * 0.3 }));
    expect(propose('d/t', lows, [], rules)).toMatchObject({ field: 'lo', current: 15, proposed: 13 });
  });

  it('needs three labels, and most of them to fit one change', () => {
    expect(propose('d/t', [ev('a', { durationMs: 1000 }), ev('b', { durationMs: 1000 })], [], rules)).toBeNull();
    const mixed = [
      ev('a', { durationMs: 1000, peak: 99 }),
      ev('b', { durationMs: 900_000, peak: 99 }),
      ev('c', { durationMs: 800_000, peak: 98 }),
    ];
    expect(propose('d/t', mixed, [], rules)).toBeNull();
  });

  it('flatline false alarms get an on-delay on the flatline rule', () => {
    const flats = ['a', 'b', 'c'].map((id) => ev(id, { kind: 'flatline', peak: null, durationMs: 40_000 }));
    expect(propose('d/t', flats, [], rules)).toMatchObject({ rule: 'flatline', field: 'onDelayMs', proposed: 45_000 });
  });

  it('counts only events that still alarm under the rule in force', () => {
    const falses = [ev('a', { durationMs: 4000 }), ev('b', { durationMs: 8200 }), ev('c', { durationMs: 6000 })];
    // With a 5 s on-delay two of them are already held back: too few left to suggest anything.
    expect(propose('d/t', falses, [], { ...rules, limitsOnDelayMs: 5000 })).toBeNull();
    // A true anomaly of 3 s is already missed at a 3 s on-delay, so it does not block a longer one.
    const more = [...falses, ev('d', { durationMs: 7000 })];
    expect(propose('d/t', more, [ev('t', { durationMs: 2000 })], { ...rules, limitsOnDelayMs: 3000 })).toMatchObject({
      field: 'onDelayMs',
      current: 3000,
      proposed: 10_000,
    });
  });
});
