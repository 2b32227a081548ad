// HTTP ingest, shared side: the engine's one listener (POST /ingest/* on its HTTP server), a
// single-instance source kind. Its configuration (on or off, bearer tokens, size limits), the
// view that shows tokens only by fingerprint, and what a save sends: tokens added, or removed by
// fingerprint, never listed.
import { z } from 'zod';
import { defineSingleSourceKind, SettingOrigin } from './source-kind';

export const HttpIngestConfig = z
  .object({
    /** POST /ingest/* on the engine's HTTP server. */
    enabled: z.boolean().default(true),
    /** Bearer tokens accepted. With none, only clients on this machine (loopback) may post. */
    tokens: z.array(z.string().min(16, 'a token must be at least 16 characters')).default([]),
    maxBodyBytes: z
      .number()
      .int()
      .positive()
      .default(4 * 1024 * 1024),
    maxRows: z.number().int().positive().default(100_000),
  })
  .strict();
export type HttpIngestConfig = z.infer<typeof HttpIngestConfig>;
export type HttpIngestInput = z.input<typeof HttpIngestConfig>;

/** A bearer token is shown only by a fingerprint (the first 12 hex digits of its SHA-256). */
export const TokenFingerprint = z.string().regex(/^[0-9a-f]{12}$/, 'a token fingerprint');

export const HttpIngestView = HttpIngestConfig.omit({ tokens: true }).extend({
  tokens: z.array(z.object({ fingerprint: TokenFingerprint })),
  origin: SettingOrigin,
});
export type HttpIngestView = z.infer<typeof HttpIngestView>;

/** HTTP ingest as saved: tokens are added, or removed by fingerprint, never listed. */
export const HttpIngestSave = HttpIngestConfig.omit({ tokens: true }).extend({
  addTokens: HttpIngestConfig.shape.tokens.optional(),
  removeTokens: z.array(TokenFingerprint).optional(),
});
export type HttpIngestSave = z.output<typeof HttpIngestSave>;
export type HttpIngestSaveInput = z.input<typeof HttpIngestSave>;

export const httpIngestKind = defineSingleSourceKind({
  kind: 'http',
  label: 'HTTP',
  title: 'HTTP ingest',
  config: HttpIngestConfig,
  view: HttpIngestView,
  save: HttpIngestSave,
  fileDefault: {},
});
