// The Azure Monitor preset: a bearer token from Entra ID's client-credentials flow (cached until
// shortly before it expires), then GET {resourceId}/providers/microsoft.insights/metrics per
// resource and dimension filter with metricnames, timespan, interval and aggregation. Answers:
// value[].name.value, value[].unit, value[].timeseries[].metadatavalues (dimensions) and
// .data[] with timeStamp and one field per aggregation (average, total, …); a point without its
// aggregation field had no data. Reference: learn.microsoft.com/rest/api/monitor/metrics/list and
// /entra/identity-platform/v2-oauth2-client-creds-grant-flow.
import type { CloudSeries } from '../../../../shared/sources/cloud-schema';
import { cloudJson, CloudRequestError } from './cloud-http';
import { fillSignal, type CloudPoint, type CloudWindow, type MetricClient, type PollAnswer } from './metric-client';

export interface AzureSettings {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  loginUrl: string;
  managementUrl: string;
  apiVersion: string;
}

interface Options {
  periodSeconds: number;
  timeoutMs: number;
  clock: () => number;
  signal?: AbortSignal | undefined;
}

/** A token is renewed this long before Entra ID says it expires. */
const TOKEN_MARGIN_MS = 5 * 60_000;

const trimSlash = (u: string) => u.replace(/\/+$/, '');

/** ISO 8601 duration of the interval: PT1M, PT5M, PT1H, P1D. */
export function isoInterval(seconds: number): string {
  if (seconds % 86_400 === 0) return `P${seconds / 86_400}D`;
  if (seconds % 3600 === 0) return `PT${seconds / 3600}H`;
  if (seconds % 60 === 0) return `PT${seconds / 60}M`;
  return `PT${seconds}S`;
}

function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `$filter` from dimension filters: `Name eq 'value' and Other eq '*'`. */
export function azureFilter(dimensions: Record<string, string>): string | undefined {
  const parts = Object.entries(dimensions).map(([k, v]) => `${k} eq '${v.replace(/'/g, "''")}'`);
  return parts.length > 0 ? parts.join(' and ') : undefined;
}

interface AzureMetricAnswer {
  value?: {
    name?: { value?: string };
    unit?: string;
    errorCode?: string;
    errorMessage?: string;
    timeseries?: {
      metadatavalues?: { name?: { value?: string }; value?: string }[];
      data?: Record<string, unknown>[];
    }[];
  }[];
}

export class AzureMonitorClient implements MetricClient {
  private token: { value: string; until: number } | undefined;
  readonly url: string;

  constructor(
    private readonly azure: AzureSettings,
    private readonly series: readonly CloudSeries[],
    private readonly options: Options,
  ) {
    this.url = `${trimSlash(azure.managementUrl)}/…/providers/microsoft.insights/metrics`;
  }

  /** A token, from the cache while it is good for more than the margin. */
  async accessToken(): Promise<{ token: string; fetched: boolean }> {
    const now = this.options.clock();
    if (this.token && this.token.until > now) return { token: this.token.value, fetched: false };
    const { tenantId, clientId, clientSecret, loginUrl, managementUrl } = this.azure;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: `${trimSlash(managementUrl)}/.default`,
    }).toString();
    const answer = (await cloudJson({
      method: 'POST',
      url: `${trimSlash(loginUrl)}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      timeoutMs: this.options.timeoutMs,
      what: 'Entra ID token',
      clock: this.options.clock,
      signal: this.options.signal,
    }).catch((err: unknown) => {
      // A 400 from the token endpoint is a wrong tenant, client or secret (invalid_client …).
      if (err instanceof CloudRequestError && err.status === 400) {
        throw new CloudRequestError(
          err.message.replace(': HTTP 400:', ': credentials refused (HTTP 400):'),
          'auth',
          400,
        );
      }
      throw err;
    })) as { access_token?: unknown; expires_in?: unknown };
    if (typeof answer.access_token !== 'string' || !answer.access_token) {
      throw new CloudRequestError('Entra ID token: the answer has no access_token', 'other', 200);
    }
    const lifetime = Number(answer.expires_in ?? 3600) * 1000;
    const keep = lifetime > 2 * TOKEN_MARGIN_MS ? lifetime - TOKEN_MARGIN_MS : lifetime / 2;
    this.token = { value: answer.access_token, until: now + keep };
    return { token: answer.access_token, fetched: true };
  }

  /** Forgets the token: the next call fetches one (after a 401 from the metrics API). */
  dropToken(): void {
    this.token = undefined;
  }

  async poll(window: CloudWindow): Promise<PollAnswer> {
    const { token, fetched } = await this.accessToken();
    let requests = fetched ? 1 : 0;
    const notes: string[] = [];
    const points: CloudPoint[] = [];
    // One request per resource and dimension filter, all its metrics and aggregations at once.
    const groups = new Map<string, number[]>();
    this.series.forEach((s, i) => {
      const key = `${s.resource}\0${azureFilter(s.dimensions) ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    for (const indices of groups.values()) {
      const first = this.series[indices[0]!]!;
      const params = new URLSearchParams({
        'api-version': this.azure.apiVersion,
        metricnames: [...new Set(indices.map((i) => this.series[i]!.metric))].join(','),
        timespan: `${isoTime(window.start)}/${isoTime(window.end)}`,
        interval: isoInterval(this.options.periodSeconds),
        aggregation: [...new Set(indices.map((i) => this.series[i]!.statistic))].join(','),
      });
      const filter = azureFilter(first.dimensions);
      if (filter) params.set('$filter', filter);
      const resource = first.resource.startsWith('/') ? first.resource : `/${first.resource}`;
      const url = `${trimSlash(this.azure.managementUrl)}${encodeURI(resource)}/providers/microsoft.insights/metrics?${params}`;
      requests++;
      let answer: AzureMetricAnswer;
      try {
        answer = (await cloudJson({
          method: 'GET',
          url,
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
          timeoutMs: this.options.timeoutMs,
          what: `Azure Monitor (${first.resource})`,
          clock: this.options.clock,
          signal: this.options.signal,
        })) as AzureMetricAnswer;
      } catch (err) {
        if (err instanceof CloudRequestError && err.status === 401) this.dropToken();
        throw err;
      }
      this.collect(answer, indices, first.resource, points, notes);
    }
    return { points, requests, notes };
  }

  private collect(answer: AzureMetricAnswer, indices: number[], resource: string, out: CloudPoint[], notes: string[]) {
    const metrics = Array.isArray(answer.value) ? answer.value : [];
    for (const i of indices) {
      const s = this.series[i]!;
      const metric = metrics.find((m) => m.name?.value?.toLowerCase() === s.metric.toLowerCase());
      if (!metric) {
        notes.push(`${resource}: no ${s.metric} in the answer`);
        continue;
      }
      if (metric.errorCode && metric.errorCode !== 'Success') {
        notes.push(`${resource}: ${s.metric}: ${metric.errorCode} ${metric.errorMessage ?? ''}`.trim());
      }
      const field = s.statistic.charAt(0).toLowerCase() + s.statistic.slice(1);
      const unit = s.unit || metric.unit || '';
      for (const ts of metric.timeseries ?? []) {
        const dims: Record<string, string> = {};
        for (const m of ts.metadatavalues ?? [])
          if (m.name?.value && m.value !== undefined) dims[m.name.value] = m.value;
        const signal = fillSignal(s.signal, dims);
        for (const d of ts.data ?? []) {
          const value = d[field];
          const at = typeof d.timeStamp === 'string' ? Date.parse(d.timeStamp) : NaN;
          if (typeof value !== 'number' || !Number.isFinite(value) || !Number.isFinite(at)) continue;
          out.push({ series: i, signal, ts: at, value, unit });
        }
      }
    }
  }
}
