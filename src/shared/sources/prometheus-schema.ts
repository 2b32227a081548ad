// The Prometheus scrape source kind, shared side: its configuration (targets, interval and
// timeout, basic or bearer auth, TLS files, metric allow/deny patterns, the device and signal
// templates, counters turned into rates), the view without the password or token, what a save
// sends, and where a stored password or token may go — only to the targets' hosts it was saved
// for, over TLS no weaker. docs/configuration.md: Prometheus scrape.
import { z } from 'zod';
import { SourceId, TlsConfig } from '../source-config';
import { defineSourceKind, SecretState, SettingOrigin } from './source-kind';

/** A scrape target: an http(s) URL without credentials in it (they go in `auth`). */
export const ScrapeTarget = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), { message: 'must be an http:// or https:// URL' })
  .refine((u) => !/^https?:\/\/[^/?#]*@/i.test(u), { message: 'put the user name and password in auth, not the URL' });

const BasicAuth = z.object({ type: z.literal('basic'), username: z.string().min(1), password: z.string() }).strict();
const BearerAuth = z.object({ type: z.literal('bearer'), token: z.string().min(1) }).strict();
export const PrometheusAuth = z.discriminatedUnion('type', [BasicAuth, BearerAuth]);

/**
 * A metric-name pattern: a glob (`node_cpu_*`, `?` one character) or, between slashes, a
 * regular expression matched against the whole name (`/node_(cpu|memory)_.+/`).
 */
export const MetricPattern = z
  .string()
  .min(1)
  .max(200)
  .refine(
    (p) => {
      if (!(p.length > 2 && p.startsWith('/') && p.endsWith('/'))) return true;
      try {
        new RegExp(p.slice(1, -1));
        return true;
      } catch {
        return false;
      }
    },
    { message: 'is not a valid regular expression' },
  );

/** `{{__name__}}`, `{{labels}}`, `{{label:x}}` or `{{x}}`, with literal text around them. */
export const NameTemplate = z
  .string()
  .min(1)
  .max(200)
  .refine((t) => /\{\{[^{}]+\}\}/.test(t) || /^[A-Za-z0-9._:/-]+$/.test(t), {
    message: 'needs a placeholder such as {{instance}} or {{__name__}}, or a fixed name',
  })
  .refine((t) => !/\{\{(?![A-Za-z_][A-Za-z0-9_]*\}\}|label:[A-Za-z_][A-Za-z0-9_]*\}\})/.test(t), {
    message: 'placeholders are {{__name__}}, {{labels}}, {{label:NAME}} or {{NAME}}',
  });

const PrometheusFields = z
  .object({
    id: SourceId.default('prometheus'),
    enabled: z.boolean().default(true),
    /** The exporters' /metrics URLs; each is scraped on its own, never two scrapes of one at once. */
    targets: z.array(ScrapeTarget).min(1),
    /** Time between the starts of two scrapes of a target. */
    intervalMs: z.number().int().min(1000).max(3_600_000).default(15_000),
    /** A scrape that has not finished by then fails: the target is marked down until the next one. */
    timeoutMs: z.number().int().min(100).max(600_000).default(10_000),
    auth: PrometheusAuth.optional(),
    tls: TlsConfig.optional(),
    /** The target labels added to every series that lacks them: job (default: the source id); instance is host:port. */
    job: z.string().min(1).max(128).optional(),
    metrics: z
      .object({
        /** Only metrics matching one of these are taken (empty: all). */
        allow: z.array(MetricPattern).default([]),
        /** Metrics matching one of these are dropped, even when allowed. */
        deny: z.array(MetricPattern).default([]),
      })
      .strict()
      .prefault({}),
    /** The device of a series. */
    device: NameTemplate.default('{{instance}}'),
    /** The signal of a series. */
    signal: NameTemplate.default('{{__name__}}{{labels}}'),
    /** Counters (by metric pattern) stored as their per-second rate instead of their running total. */
    rates: z.array(MetricPattern).default([]),
    /** With rates: keep the running total too, beside the rate. */
    keepCounters: z.boolean().default(false),
    /** A scrape with more samples than this is refused whole (the target is marked down). */
    sampleLimit: z.number().int().positive().max(5_000_000).default(500_000),
  })
  .strict();

const timeoutWithinInterval = {
  check: (c: { timeoutMs: number; intervalMs: number }) => c.timeoutMs <= c.intervalMs,
  params: { message: 'must not be longer than the interval', path: ['timeoutMs'] },
};

export const PrometheusSourceConfig = PrometheusFields.refine(
  timeoutWithinInterval.check,
  timeoutWithinInterval.params,
);
export type PrometheusSourceConfig = z.infer<typeof PrometheusSourceConfig>;
export type PrometheusSourceInput = z.input<typeof PrometheusSourceConfig>;

const AuthView = z.discriminatedUnion('type', [
  BasicAuth.omit({ password: true }).extend({ password: SecretState }),
  BearerAuth.omit({ token: true }).extend({ token: SecretState }),
]);

export const PrometheusSourceView = PrometheusFields.omit({ auth: true }).extend({
  auth: AuthView.optional(),
  origin: SettingOrigin,
});
export type PrometheusSourceView = z.infer<typeof PrometheusSourceView>;

/** A Prometheus source as saved: a password or token left out keeps the stored one. */
export const PrometheusSourceSave = PrometheusFields.extend({
  auth: z
    .discriminatedUnion('type', [
      BasicAuth.extend({ password: z.string().optional() }),
      BearerAuth.extend({ token: z.string().min(1).optional() }),
    ])
    .optional(),
}).refine(timeoutWithinInterval.check, timeoutWithinInterval.params);
export type PrometheusSourceSave = z.output<typeof PrometheusSourceSave>;
export type PrometheusSourceSaveInput = z.input<typeof PrometheusSourceSave>;

export const prometheusSourceKind = defineSourceKind({
  kind: 'prometheus',
  label: 'Prometheus',
  config: PrometheusSourceConfig,
  view: PrometheusSourceView,
  save: PrometheusSourceSave,
  fileDefault: [],
});

/** A target as a secret sees it: scheme, host and port. */
export function scrapeOrigin(url: string): string {
  try {
    const u = new URL(url);
    const port = u.port || (u.protocol === 'https:' ? '443' : '80');
    return `${u.protocol}//${u.hostname.toLowerCase()}:${port}`;
  } catch {
    return url.trim().toLowerCase();
  }
}

/** Why a stored password or token may not follow this edit: a host it was not saved for, or weaker TLS. */
export function prometheusMove(
  saved: { targets: readonly string[]; tls?: { rejectUnauthorized?: boolean } },
  next: { targets: readonly string[]; tls?: { rejectUnauthorized?: boolean } },
): string | undefined {
  const known = new Set(saved.targets.map(scrapeOrigin));
  const added = [...new Set(next.targets.map(scrapeOrigin))].filter((o) => !known.has(o));
  if (added.length > 0) return `new hosts (${added.join(', ')})`;
  if (saved.tls?.rejectUnauthorized !== false && next.tls?.rejectUnauthorized === false) {
    return 'certificates are no longer checked';
  }
  return undefined;
}
