// How sources are configured: the pieces every source kind shares (ids, TLS files) and reading
// times — one set of schemas for the configuration file and for Settings → Sources, so what is
// saved from the UI is checked exactly as what is read from the file. Each kind's own schema
// (HTTP ingest's included) sits in its module under src/shared/sources/. Secrets (passwords,
// SASL, tokens) are part of the configuration but never leave the engine: the contract sends
// views without them.
import { z } from 'zod';

export const TlsConfig = z
  .object({
    /** PEM file paths on the engine's machine, read when the source starts. */
    ca: z.string().min(1).optional(),
    cert: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
    rejectUnauthorized: z.boolean().default(true),
  })
  .strict();
export type TlsConfig = z.infer<typeof TlsConfig>;

/** Names a source's dead letters, health entry and MQTT client id; http and file are the engine's own. */
export const SourceId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits and . _ - only')
  .refine((id) => id !== 'http' && id !== 'file', { message: 'is reserved for the engine’s own source of that name' });

const DAY_MS = 86_400_000;

/**
 * Which reading times ingest takes, on every channel (docs/configuration.md: Payloads). Old readings are
 * history a gateway stored and forwarded: taken by default, and routed like imported history
 * (stored and rolled up, no alarms, not live) once older than the live window. The future is
 * where a wrong device clock puts readings: that limit stays tight.
 */
export const ReadingTimes = z
  .object({
    /** Readings further ahead of the engine's clock are refused. */
    maxFutureMs: z
      .number()
      .int()
      .min(0)
      .max(366 * DAY_MS),
    /** Readings older than this are refused; null takes any age. */
    maxAgeMs: z
      .number()
      .int()
      .positive()
      .max(100 * 366 * DAY_MS)
      .nullable(),
    /** Readings older than this when they arrive are history: no alarms, not live. */
    liveWindowMs: z
      .number()
      .int()
      .min(0)
      .max(366 * DAY_MS),
  })
  .strict();
export type ReadingTimes = z.infer<typeof ReadingTimes>;

export const READING_TIME_DEFAULTS: ReadingTimes = {
  maxFutureMs: 5 * 60_000,
  maxAgeMs: null,
  liveWindowMs: 15 * 60_000,
};
