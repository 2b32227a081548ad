import { describe, expect, it } from 'vitest';
import { parseConfig } from './load-config';

const ingest = (patch: Record<string, unknown>) => parseConfig({ dataDir: '/d', ingest: patch }).ingest;

describe('reading times in the configuration file', () => {
  it('takes old readings by default and keeps the future to five minutes', () => {
    expect(ingest({})).toMatchObject({ maxFutureMs: 300_000, maxAgeMs: null, liveWindowMs: 900_000 });
  });

  it('still reads maxClockSkewMs, as both limits, unless the new keys are given', () => {
    expect(ingest({ maxClockSkewMs: 3_600_000 })).toMatchObject({
      maxFutureMs: 3_600_000,
      maxAgeMs: 3_600_000,
      maxClockSkewMs: 3_600_000,
    });
    expect(ingest({ maxClockSkewMs: 3_600_000, maxFutureMs: 60_000, maxAgeMs: null })).toMatchObject({
      maxFutureMs: 60_000,
      maxAgeMs: null,
    });
  });

  it('refuses a limit that is not a duration, naming the field', () => {
    expect(() => ingest({ maxFutureMs: -5 })).toThrow(/ingest\.maxFutureMs/);
    expect(() => ingest({ maxAgeMs: 0 })).toThrow(/ingest\.maxAgeMs/);
  });
});
