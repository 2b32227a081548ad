// The cloud-monitor source kind, shared side: a source that polls a cloud's metric API — Azure
// Monitor metrics (bearer token from an Entra ID client-credentials flow) or Amazon CloudWatch
// GetMetricData (SigV4) — and maps each metric series to a device and signal. Its secrets (the
// Azure client secret, the AWS secret key and session token) are write-only; `cloudMove` says
// when an edit would send them somewhere else than where they were saved for.
import { z } from 'zod';
import { SourceId } from '../source-config';
import { defineSourceKind, SecretState, SettingOrigin } from './source-kind';

export const CLOUD_PRESETS = ['azure-monitor', 'cloudwatch'] as const;
export type CloudPreset = (typeof CLOUD_PRESETS)[number];

const HttpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), { message: 'must be an http(s) URL' });

/** One metric series and where its points go. */
export const CloudSeries = z
  .object({
    device: z.string().min(1),
    /** The signal; `{name}` takes the value of a dimension of that name (Azure: a `*` filter splits series). */
    signal: z.string().min(1),
    /** Azure: the resource id (/subscriptions/…); CloudWatch: the namespace (AWS/EC2). */
    resource: z.string().min(1),
    metric: z.string().min(1),
    /** Azure aggregation (Average, Total, Minimum, Maximum, Count); CloudWatch statistic (Average, Sum, p99…). */
    statistic: z.string().min(1).default('Average'),
    /** Dimension filters: Azure `$filter` (`*` for every value); CloudWatch metric dimensions. */
    dimensions: z.record(z.string(), z.string()).default({}),
    /** The signal's unit when the device is registered from the wire; empty takes the cloud's. */
    unit: z.string().default(''),
  })
  .strict();
export type CloudSeries = z.infer<typeof CloudSeries>;

export const AzureMonitorSettings = z
  .object({
    tenantId: z.string().min(1),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    /** Entra ID: https://login.microsoftonline.com (sovereign clouds have their own). */
    loginUrl: HttpUrl.default('https://login.microsoftonline.com'),
    /** Azure Resource Manager: https://management.azure.com. */
    managementUrl: HttpUrl.default('https://management.azure.com'),
    apiVersion: z.string().min(1).default('2023-10-01'),
  })
  .strict();

export const CloudWatchSettings = z
  .object({
    region: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'a region name such as eu-west-1')
      .default('us-east-1'),
    accessKeyId: z.string().min(1),
    secretAccessKey: z.string().min(1),
    /** Temporary credentials (STS) only. */
    sessionToken: z.string().min(1).optional(),
    /** Empty: https://monitoring.{region}.amazonaws.com/. */
    endpoint: HttpUrl.optional(),
  })
  .strict();

/** The preset's own settings are there (the other preset's may stay, unused). */
function presetSettings(c: { preset: CloudPreset; azure?: unknown; cloudwatch?: unknown }, ctx: z.RefinementCtx): void {
  if (c.preset === 'azure-monitor' && !c.azure) {
    ctx.addIssue({ code: 'custom', path: ['azure'], message: 'the Azure Monitor preset needs its settings' });
  }
  if (c.preset === 'cloudwatch' && !c.cloudwatch) {
    ctx.addIssue({ code: 'custom', path: ['cloudwatch'], message: 'the CloudWatch preset needs its settings' });
  }
}

export const CloudSourceConfig = z
  .object({
    id: SourceId.default('cloud'),
    enabled: z.boolean().default(true),
    preset: z.enum(CLOUD_PRESETS),
    /** Time between two polls. */
    intervalMs: z.number().int().min(10_000).max(86_400_000).default(60_000),
    /** Each poll asks for this much history, overlapping the previous poll's window. */
    lookbackMs: z.number().int().min(60_000).max(86_400_000).default(900_000),
    /** Azure interval / CloudWatch period of the points, seconds. */
    periodSeconds: z.number().int().min(1).max(86_400).default(60),
    /** Each request (token, page) is given up after this long. */
    timeoutMs: z.number().int().min(1000).max(120_000).default(20_000),
    azure: AzureMonitorSettings.optional(),
    cloudwatch: CloudWatchSettings.optional(),
    series: z.array(CloudSeries).min(1),
  })
  .strict()
  .superRefine(presetSettings);
export type CloudSourceConfig = z.infer<typeof CloudSourceConfig>;

export const CloudSourceView = z
  .object({
    ...CloudSourceConfig.shape,
    azure: AzureMonitorSettings.omit({ clientSecret: true }).extend({ clientSecret: SecretState }).optional(),
    cloudwatch: CloudWatchSettings.omit({ secretAccessKey: true, sessionToken: true })
      .extend({ secretAccessKey: SecretState, sessionToken: SecretState })
      .optional(),
    origin: SettingOrigin,
  })
  .strict();
export type CloudSourceView = z.infer<typeof CloudSourceView>;

/** A cloud source as saved: secrets left out keep the stored ones; `clearSessionToken` drops it. */
export const CloudSourceSave = z
  .object({
    ...CloudSourceConfig.shape,
    azure: AzureMonitorSettings.extend({ clientSecret: z.string().min(1).optional() }).optional(),
    cloudwatch: CloudWatchSettings.extend({
      secretAccessKey: z.string().min(1).optional(),
      clearSessionToken: z.boolean().optional(),
    }).optional(),
  })
  .strict()
  .superRefine(presetSettings);
export type CloudSourceSave = z.output<typeof CloudSourceSave>;
export type CloudSourceSaveInput = z.input<typeof CloudSourceSave>;

export const cloudSourceKind = defineSourceKind({
  kind: 'cloud',
  label: 'Cloud monitor',
  config: CloudSourceConfig,
  view: CloudSourceView,
  save: CloudSourceSave,
  fileDefault: [],
});

/** Where a CloudWatch source sends its signed requests. */
export function cloudWatchEndpoint(cw: { region: string; endpoint?: string | undefined }): string {
  return cw.endpoint ?? `https://monitoring.${cw.region}.amazonaws.com/`;
}

function origin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`.toLowerCase();
  } catch {
    return url.trim().toLowerCase();
  }
}

interface MoveSide {
  preset: CloudPreset;
  azure?: { tenantId: string; clientId: string; loginUrl: string; managementUrl: string } | undefined;
  cloudwatch?: { accessKeyId: string; region: string; endpoint?: string | undefined } | undefined;
}

/**
 * Why a stored secret may not follow this edit: another preset, another account (tenant, client,
 * access key), or another host for the secret or the token it buys (login, management, CloudWatch
 * endpoint — https to http counts as another host). Undefined when it may.
 */
export function cloudMove(saved: MoveSide, next: MoveSide): string | undefined {
  if (saved.preset !== next.preset) return `another cloud (${saved.preset} → ${next.preset})`;
  if (saved.azure && next.azure) {
    const [a, b] = [saved.azure, next.azure];
    if (a.tenantId.trim() !== b.tenantId.trim()) return `another tenant (${b.tenantId})`;
    if (a.clientId.trim() !== b.clientId.trim()) return `another client id (${b.clientId})`;
    if (origin(a.loginUrl) !== origin(b.loginUrl)) return `another login endpoint (${origin(b.loginUrl)})`;
    if (origin(a.managementUrl) !== origin(b.managementUrl)) {
      return `another management endpoint (${origin(b.managementUrl)})`;
    }
  }
  if (saved.cloudwatch && next.cloudwatch) {
    const [a, b] = [saved.cloudwatch, next.cloudwatch];
    if (a.accessKeyId.trim() !== b.accessKeyId.trim()) return `another access key (${b.accessKeyId})`;
    const [from, to] = [origin(cloudWatchEndpoint(a)), origin(cloudWatchEndpoint(b))];
    if (from !== to) return `another endpoint (${to})`;
  }
  return undefined;
}
