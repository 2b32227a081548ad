import { describe, expect, it } from 'vitest';
import { HttpIngestConfig } from '../../../../shared/sources/http-ingest-schema';
import { httpIngestKind } from './http-ingest-kind';
import { SINGLE_SOURCE_KIND_LIST } from './source-kinds';

const counters = (messages: number) => ({
  counters: (source: string) => ({ messages: source === 'http' ? messages : 0, readings: 0, rejected: 0, stored: 0 }),
});

describe('HTTP ingest as a single-instance kind', () => {
  it('is registered, and lists itself in health only while it is on, with what the pipeline counted', () => {
    expect(SINGLE_SOURCE_KIND_LIST.map((k) => k.schemas.kind)).toEqual(['http']);
    expect(httpIngestKind.health(HttpIngestConfig.parse({}), counters(7))).toEqual({
      id: 'http',
      kind: 'http',
      url: '/ingest',
      connected: true,
      messages: 7,
      ratePerSecond: 0,
      pending: 0,
      lagMs: 0,
      lastMessageAt: null,
      error: null,
    });
    expect(httpIngestKind.health(HttpIngestConfig.parse({ enabled: false }), counters(7))).toBeUndefined();
  });

  it('keeps the stored tokens a save leaves out, with no issue to report', () => {
    const stored = HttpIngestConfig.parse({ tokens: ['kept-token-0123456'] });
    const save = { enabled: true, maxBodyBytes: 10, maxRows: 10, addTokens: ['added-token-012345'] };
    expect(httpIngestKind.withSecrets(save, stored)).toEqual({
      source: { enabled: true, maxBodyBytes: 10, maxRows: 10, tokens: ['kept-token-0123456', 'added-token-012345'] },
      issues: [],
    });
  });
});
