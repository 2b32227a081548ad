// Form state of a cloud-monitor source (strings, as typed) and its conversion to the save
// parameters, checked with the shared schema. Series are edited as lines of text, one series a
// line: `device | signal | resource | metric | statistic | unit | Dim=value, Dim2=value` (the
// last three optional); an error at `source.series.N.field` is shown at the list as "line N+1".
import {
  cloudMove,
  CloudSourceSave,
  type CloudPreset,
  type CloudSeries,
  type CloudSourceSaveInput,
  type CloudSourceView,
} from '../../../../../shared/sources/cloud-schema';
import { num, optional, zodErrors, type Converted, type FieldErrors } from './draft-fields';

export interface CloudDraft {
  isNew: boolean;
  id: string;
  enabled: boolean;
  preset: CloudPreset;
  intervalS: string;
  lookbackMin: string;
  periodS: string;
  timeoutS: string;
  series: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  clientSecretSet: boolean;
  loginUrl: string;
  managementUrl: string;
  apiVersion: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  secretAccessKeySet: boolean;
  sessionToken: string;
  sessionTokenSet: boolean;
  clearSessionToken: boolean;
  endpoint: string;
  /** What the stored secrets were saved for; null for a new source. */
  saved: Parameters<typeof cloudMove>[0] | null;
}

const AZURE_EXAMPLE =
  'historian | cpu | /subscriptions/…/resourceGroups/plant/providers/Microsoft.Compute/virtualMachines/historian | Percentage CPU | Average';
const CLOUDWATCH_EXAMPLE = 'gateway-1 | cpu | AWS/EC2 | CPUUtilization | Average | percent | InstanceId=i-0abc';

export const seriesExample = (preset: CloudPreset) => (preset === 'azure-monitor' ? AZURE_EXAMPLE : CLOUDWATCH_EXAMPLE);

export function newCloudDraft(): CloudDraft {
  return {
    isNew: true,
    id: '',
    enabled: true,
    preset: 'azure-monitor',
    intervalS: '60',
    lookbackMin: '15',
    periodS: '60',
    timeoutS: '20',
    series: '',
    tenantId: '',
    clientId: '',
    clientSecret: '',
    clientSecretSet: false,
    loginUrl: 'https://login.microsoftonline.com',
    managementUrl: 'https://management.azure.com',
    apiVersion: '2023-10-01',
    region: 'us-east-1',
    accessKeyId: '',
    secretAccessKey: '',
    secretAccessKeySet: false,
    sessionToken: '',
    sessionTokenSet: false,
    clearSessionToken: false,
    endpoint: '',
    saved: null,
  };
}

export function seriesLine(s: CloudSeries): string {
  const dims = Object.entries(s.dimensions)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const parts = [s.device, s.signal, s.resource, s.metric, s.statistic, s.unit, dims];
  while (parts.length > 5 && parts[parts.length - 1] === '') parts.pop();
  return parts.join(' | ');
}

/** The series lines as the schema's objects; a line too short is left for the schema to name. */
export function parseSeries(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [device = '', signal = '', resource = '', metric = '', statistic = '', unit = '', dims = ''] = line
        .split('|')
        .map((p) => p.trim());
      const dimensions = Object.fromEntries(
        dims
          .split(',')
          .map((d) => d.trim())
          .filter(Boolean)
          .map((d) => {
            const eq = d.indexOf('=');
            return eq < 0 ? [d, ''] : [d.slice(0, eq).trim(), d.slice(eq + 1).trim()];
          }),
      );
      return { device, signal, resource, metric, ...(statistic ? { statistic } : {}), unit, dimensions };
    });
}

export function cloudDraftOf(v: CloudSourceView): CloudDraft {
  const d = newCloudDraft();
  return {
    ...d,
    isNew: false,
    id: v.id,
    enabled: v.enabled,
    preset: v.preset,
    intervalS: String(v.intervalMs / 1000),
    lookbackMin: String(v.lookbackMs / 60_000),
    periodS: String(v.periodSeconds),
    timeoutS: String(v.timeoutMs / 1000),
    series: v.series.map(seriesLine).join('\n'),
    ...(v.azure && {
      tenantId: v.azure.tenantId,
      clientId: v.azure.clientId,
      clientSecretSet: v.azure.clientSecret.set,
      loginUrl: v.azure.loginUrl,
      managementUrl: v.azure.managementUrl,
      apiVersion: v.azure.apiVersion,
    }),
    ...(v.cloudwatch && {
      region: v.cloudwatch.region,
      accessKeyId: v.cloudwatch.accessKeyId,
      secretAccessKeySet: v.cloudwatch.secretAccessKey.set,
      sessionTokenSet: v.cloudwatch.sessionToken.set,
      endpoint: v.cloudwatch.endpoint ?? '',
    }),
    saved: { preset: v.preset, azure: v.azure, cloudwatch: v.cloudwatch },
  };
}

/** Why the stored secrets cannot follow the form as it stands, or null. */
export function cloudSecretsMoved(d: CloudDraft): string | null {
  if (!d.saved) return null;
  const next = {
    preset: d.preset,
    azure: { tenantId: d.tenantId, clientId: d.clientId, loginUrl: d.loginUrl, managementUrl: d.managementUrl },
    cloudwatch: { accessKeyId: d.accessKeyId, region: d.region, endpoint: optional(d.endpoint) },
  };
  return cloudMove(d.saved, next) ?? null;
}

/** Errors of series lines gathered at the list: "line 2: resource: …". */
function seriesErrors(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  const lines: string[] = [];
  for (const [path, message] of Object.entries(errors)) {
    const m = /^source\.series\.(\d+)(?:\.(.+))?$/.exec(path);
    if (m) lines.push(`line ${Number(m[1]) + 1}${m[2] ? ` (${m[2]})` : ''}: ${message}`);
    else out[path] = message;
  }
  if (lines.length > 0) out['source.series'] = [errors['source.series'], ...lines].filter(Boolean).join('; ');
  return out;
}

export { seriesErrors as cloudFieldErrors };

const seconds = (text: string, factor: number) => {
  const n = num(text);
  return n === undefined ? undefined : Math.round(n * factor);
};

export function cloudParams(d: CloudDraft): Converted<CloudSourceSaveInput> {
  const source: CloudSourceSaveInput = {
    id: d.id.trim(),
    enabled: d.enabled,
    preset: d.preset,
    intervalMs: seconds(d.intervalS, 1000),
    lookbackMs: seconds(d.lookbackMin, 60_000),
    periodSeconds: num(d.periodS),
    timeoutMs: seconds(d.timeoutS, 1000),
    series: parseSeries(d.series) as CloudSourceSaveInput['series'],
    ...(d.preset === 'azure-monitor'
      ? {
          azure: {
            tenantId: d.tenantId.trim(),
            clientId: d.clientId.trim(),
            ...(d.clientSecret ? { clientSecret: d.clientSecret } : {}),
            loginUrl: d.loginUrl.trim(),
            managementUrl: d.managementUrl.trim(),
            apiVersion: d.apiVersion.trim(),
          },
        }
      : {
          cloudwatch: {
            region: d.region.trim(),
            accessKeyId: d.accessKeyId.trim(),
            ...(d.secretAccessKey ? { secretAccessKey: d.secretAccessKey } : {}),
            ...(d.sessionToken && !d.clearSessionToken ? { sessionToken: d.sessionToken } : {}),
            ...(d.clearSessionToken ? { clearSessionToken: true } : {}),
            endpoint: optional(d.endpoint),
          },
        }),
  };
  const short = d.series
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .flatMap((l, i) => (l.split('|').filter((p) => p.trim()).length < 4 ? [`line ${i + 1}`] : []));
  if (short.length > 0) {
    const message = `${short.join(', ')}: needs at least device | signal | resource | metric`;
    return { ok: false, errors: { 'source.series': message } };
  }
  const parsed = CloudSourceSave.safeParse(source);
  return parsed.success
    ? { ok: true, value: source }
    : { ok: false, errors: seriesErrors(zodErrors('source', parsed.error)) };
}
