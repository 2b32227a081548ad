import { describe, expect, it } from 'vitest';
import { draftOf, entryOf, summary } from './rule-draft';

describe('rule drafts', () => {
  it('round-trips an entry through the form', () => {
    const entry = {
      device: 'press-1',
      signal: 'pressure',
      rules: {
        rate: {
          enabled: true,
          maxPerSecond: 3,
          deadband: 0.5,
          onDelayMs: 2000,
          offDelayMs: 0,
          priority: 'high' as const,
        },
        quality: { enabled: false, includeUncertain: true, onDelayMs: 0, offDelayMs: 0 },
      },
    };
    const back = entryOf(draftOf(entry));
    expect(back).toEqual({
      ok: true,
      value: {
        device: 'press-1',
        signal: 'pressure',
        rules: {
          // A delay of 0 stays 0 ("none", which overrides a default); only a blank field is left out.
          rate: { enabled: true, maxPerSecond: 3, deadband: 0.5, onDelayMs: 2000, offDelayMs: 0, priority: 'high' },
          quality: { enabled: false, includeUncertain: true, onDelayMs: 0, offDelayMs: 0 },
        },
      },
    });
  });

  it('puts each mistake on its field, with the schema’s words', () => {
    const d = draftOf({ device: 'press-1', signal: 'pressure', rules: {} });
    d.kinds.flatline.set = true;
    d.kinds.rate.set = true;
    d.kinds.rate.numbers.maxPerSecond = 'fast';
    const r = entryOf(d);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual({
      'rules.rate.maxPerSecond': 'must be a number',
      'rules.flatline.samples': 'a flatline rule needs samples, durationMs or both',
    });
    const offline = draftOf({ device: 'press-1', signal: 'pressure', rules: {} });
    offline.kinds.offline.set = true;
    const o = entryOf(offline);
    expect(!o.ok && o.errors).toEqual({ 'rules.offline': 'offline is judged per device: put it on signal "*"' });
  });

  it('summarises what an entry sets', () => {
    expect(summary({ rate: { enabled: true, maxPerSecond: 2, deadband: 0, onDelayMs: 0, offDelayMs: 0 } })).toBe(
      'rate ≤ 2/s',
    );
    expect(
      summary({
        flatline: { enabled: true, samples: 10, durationMs: 60_000, tolerance: 0, onDelayMs: 0, offDelayMs: 0 },
        offline: { enabled: false, onDelayMs: 0, offDelayMs: 0 },
      }),
    ).toBe('flatline 10 readings or 60 s · offline off');
  });
});
