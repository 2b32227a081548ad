// HTTP ingest on the engine side, a single-instance kind: its view (bearer tokens shown only by
// fingerprint), how a save adds and removes tokens, and its health entry. The listener itself is
// the transport's (src/main/server/ingest/http-ingest.ts), which reads this configuration from
// Settings on every request; the pipeline counts what it submitted under the kind's name. Its
// dead letters re-queue through the JSON decoder, or the CSV mapping kept with the letter.
import { createHash } from 'node:crypto';
import {
  httpIngestKind as httpIngestSchemas,
  type HttpIngestConfig,
  type HttpIngestInput,
  type HttpIngestSave,
  type HttpIngestView,
} from '../../../../shared/sources/http-ingest-schema';
import type { SettingOrigin } from '../../../../shared/sources/source-kind';
import type { SourceHealth } from '../../../../shared/domain';
import type { Pipeline } from '../pipeline';
import type { EngineSingleSourceKind } from './source-kind';

export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 12);
}

export function httpView(c: HttpIngestConfig, origin: SettingOrigin): HttpIngestView {
  const { tokens, ...rest } = c;
  return { ...rest, tokens: tokens.map((t) => ({ fingerprint: tokenFingerprint(t) })), origin };
}

export function withHttpSecrets(save: HttpIngestSave, stored: HttpIngestConfig): HttpIngestInput {
  const { addTokens = [], removeTokens = [], ...rest } = save;
  const removed = new Set(removeTokens);
  const kept = stored.tokens.filter((t) => !removed.has(tokenFingerprint(t)));
  return { ...rest, tokens: [...kept, ...addTokens.filter((t) => !kept.includes(t))] };
}

function httpHealth(c: HttpIngestConfig, pipeline: Pick<Pipeline, 'counters'>): SourceHealth | undefined {
  if (!c.enabled) return undefined;
  const kind = httpIngestSchemas.kind;
  return {
    id: kind,
    kind,
    url: '/ingest',
    connected: true,
    messages: pipeline.counters(kind).messages,
    ratePerSecond: 0,
    pending: 0,
    lagMs: 0,
    lastMessageAt: null,
    error: null,
  };
}

export const httpIngestKind: EngineSingleSourceKind<HttpIngestConfig, HttpIngestView, HttpIngestSave> = {
  schemas: httpIngestSchemas,
  view: httpView,
  withSecrets: (save, stored) => ({ source: withHttpSecrets(save, stored), issues: [] }),
  health: httpHealth,
};
