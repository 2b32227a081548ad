// A stand-in for the two cloud metric APIs the cloud-monitor source polls: a real HTTP server on
// 127.0.0.1 (port 0) answering in the documented formats, since no cloud is reachable here.
// It is a stand-in, not a recording of a live service: the answers are shaped after the
// published references (Azure Monitor Metrics - List, 2023-10-01; Entra ID client-credentials
// token; CloudWatch GetMetricData over AWS JSON 1.0) and have not been compared with the live
// services.
//
// - Entra ID: POST /{tenant}/oauth2/v2.0/token (form body). A wrong client or secret is a 401
//   `invalid_client` as Entra ID answers it; a good one gets a bearer token with expires_in.
// - Azure Monitor: GET {resourceId}/providers/microsoft.insights/metrics with api-version,
//   metricnames, timespan, interval, aggregation and an optional $filter; a token it did not
//   issue is a 401 InvalidAuthenticationToken. Points are the stored ones inside the timespan.
// - CloudWatch: POST / with X-Amz-Target GraniteServiceVersion20100801.GetMetricData, checked
//   SigV4 signature (recomputed with the known secret: a wrong key is a 400
//   UnrecognizedClientException / InvalidSignatureException), pages of `pageSize` points with
//   NextToken, epoch-second Timestamps, and PartialData on metrics marked so.
// - Throttling: the next n requests answer 429 (or 503) with Retry-After; `hang` holds them.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signRequest } from '../../src/main/engine/ingest/cloud/sigv4';

export type Points = [ts: number, value: number][];

export interface AzureMetric {
  name: string;
  unit: string;
  /** One entry per dimension combination (empty dims: a metric without dimensions). */
  timeseries: { dims: Record<string, string>; points: Points }[];
}

export interface CloudWatchMetric {
  namespace: string;
  name: string;
  dimensions: Record<string, string>;
  points: Points;
  /** Answer with StatusCode PartialData (and no NextToken left for it). */
  partial?: boolean;
}

export interface Throttle {
  count: number;
  status: 429 | 503;
  retryAfter?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  status: number;
}

const TOKEN_LIFETIME_S = 3599;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): number {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
  return status;
}

const dimsKey = (d: Record<string, string>) =>
  Object.entries(d)
    .map(([k, v]) => `${k.toLowerCase()}=${v}`)
    .sort()
    .join(',');

export class CloudStandin {
  url = '';
  readonly requests: RecordedRequest[] = [];
  readonly azure = {
    tenant: 'tenant-1',
    clientId: 'client-1',
    clientSecret: 'secret-1',
    resources: new Map<string, AzureMetric[]>(),
    tokensIssued: 0,
  };
  readonly cloudwatch = {
    accessKeyId: 'AKIDSTANDIN',
    secretAccessKey: 'standin/secret/key',
    region: 'eu-west-1',
    metrics: [] as CloudWatchMetric[],
    /** Points per page over all results; more follow with NextToken. */
    pageSize: 1000,
  };
  /** While true, requests are held unanswered (a cloud that does not answer); counted in `held`. */
  hang = false;
  held = 0;
  private throttles: Throttle[] = [];
  private readonly tokens = new Set<string>();
  private readonly server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const u = new URL(req.url ?? '/', 'http://standin');
      const status = this.answer(req, u, body, res);
      this.requests.push({
        method: req.method ?? '',
        path: u.pathname,
        query: u.searchParams,
        headers: req.headers,
        body,
        status,
      });
    });
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `count` requests (any endpoint) are throttled. */
  throttle(t: Throttle): void {
    this.throttles.push({ ...t });
  }

  private answer(req: IncomingMessage, u: URL, body: string, res: ServerResponse): number {
    if (this.hang) {
      this.held++;
      return 0;
    }
    const t = this.throttles[0];
    if (t) {
      if (--t.count <= 0) this.throttles.shift();
      const headers: Record<string, string> = t.retryAfter === undefined ? {} : { 'retry-after': t.retryAfter };
      return send(res, t.status, { error: { code: 'TooManyRequests', message: 'Rate limit exceeded' } }, headers);
    }
    if (req.method === 'POST' && u.pathname.endsWith('/oauth2/v2.0/token')) return this.token(u, body, res);
    if (req.method === 'GET' && u.pathname.endsWith('/providers/microsoft.insights/metrics')) {
      return this.azureMetrics(req, u, res);
    }
    if (req.method === 'POST' && u.pathname === '/') return this.getMetricData(req, body, res);
    return send(res, 404, { error: { code: 'NotFound', message: `no route ${req.method} ${u.pathname}` } });
  }

  private token(u: URL, body: string, res: ServerResponse): number {
    const form = new URLSearchParams(body);
    const tenant = decodeURIComponent(u.pathname.split('/')[1] ?? '');
    if (tenant !== this.azure.tenant) {
      return send(res, 400, {
        error: 'invalid_request',
        error_description: `AADSTS90002: Tenant '${tenant}' not found.`,
      });
    }
    if (form.get('grant_type') !== 'client_credentials' || !form.get('scope')?.endsWith('/.default')) {
      return send(res, 400, { error: 'invalid_request', error_description: 'AADSTS900144: bad grant or scope' });
    }
    if (form.get('client_id') !== this.azure.clientId || form.get('client_secret') !== this.azure.clientSecret) {
      return send(res, 401, {
        error: 'invalid_client',
        error_description: 'AADSTS7000215: Invalid client secret provided.',
      });
    }
    const token = `tok-${++this.azure.tokensIssued}`;
    this.tokens.add(token);
    return send(res, 200, {
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_S,
      ext_expires_in: TOKEN_LIFETIME_S,
      access_token: token,
    });
  }

  /** Revokes every token issued so far (the next metrics call is a 401). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  private azureMetrics(req: IncomingMessage, u: URL, res: ServerResponse): number {
    const auth = req.headers.authorization ?? '';
    if (!this.tokens.has(auth.replace(/^Bearer /, ''))) {
      return send(res, 401, {
        error: { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' },
      });
    }
    const resource = decodeURIComponent(u.pathname.replace(/\/providers\/microsoft\.insights\/metrics$/, ''));
    const metrics = this.azure.resources.get(resource);
    if (!metrics) {
      return send(res, 404, {
        error: { code: 'ResourceNotFound', message: `The Resource '${resource}' was not found.` },
      });
    }
    const q = u.searchParams;
    const [from, to] = (q.get('timespan') ?? '').split('/').map((t) => Date.parse(t));
    if (!q.get('api-version') || !Number.isFinite(from) || !Number.isFinite(to)) {
      return send(res, 400, { error: { code: 'BadRequest', message: 'api-version and timespan are required' } });
    }
    const aggregations = (q.get('aggregation') ?? 'Average').split(',').map((a) => a.toLowerCase());
    const filter = q.get('$filter') ?? '';
    const wanted = new Map([...filter.matchAll(/(\w+) eq '([^']*)'/g)].map((m) => [m[1]!.toLowerCase(), m[2]!]));
    const value = (q.get('metricnames') ?? '').split(',').map((name) => {
      const m = metrics.find((x) => x.name.toLowerCase() === name.toLowerCase());
      if (!m) {
        return {
          name: { value: name, localizedValue: name },
          unit: 'Unspecified',
          timeseries: [],
          errorCode: 'MetricNotFound',
          errorMessage: `metric ${name} not found`,
        };
      }
      const series = m.timeseries.filter((ts) =>
        [...wanted].every(([k, v]) => {
          const dim = Object.entries(ts.dims).find(([dk]) => dk.toLowerCase() === k);
          return v === '*' || dim?.[1] === v;
        }),
      );
      return {
        id: `${resource}/providers/Microsoft.Insights/metrics/${m.name}`,
        type: 'Microsoft.Insights/metrics',
        name: { value: m.name, localizedValue: m.name },
        unit: m.unit,
        errorCode: 'Success',
        timeseries: series.map((ts) => ({
          metadatavalues: Object.entries(ts.dims)
            .filter(([k]) => wanted.has(k.toLowerCase()))
            .map(([k, v]) => ({ name: { value: k, localizedValue: k }, value: v })),
          data: ts.points
            .filter(([t]) => t >= from! && t < to!)
            .map(([t, v]) => ({
              timeStamp: new Date(t).toISOString().replace('.000Z', 'Z'),
              ...Object.fromEntries(aggregations.map((a) => [a, v])),
            })),
        })),
      };
    });
    return send(res, 200, {
      cost: 0,
      timespan: q.get('timespan'),
      interval: q.get('interval') ?? 'PT1M',
      value,
      namespace: 'Microsoft.Compute/virtualMachines',
      resourceregion: 'westeurope',
    });
  }

  private getMetricData(req: IncomingMessage, body: string, res: ServerResponse): number {
    const h = req.headers;
    if (h['x-amz-target'] !== 'GraniteServiceVersion20100801.GetMetricData') {
      return send(res, 400, { __type: 'com.amazon.coral.service#UnknownOperationException' });
    }
    if (h['content-type'] !== 'application/x-amz-json-1.0') {
      return send(res, 400, { __type: 'com.amazon.coral.service#SerializationException' });
    }
    const auth = String(h.authorization ?? '');
    const key = /Credential=([^/]+)\//.exec(auth)?.[1];
    if (key !== this.cloudwatch.accessKeyId) {
      return send(res, 400, {
        __type: 'com.amazon.coral.service#UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
      });
    }
    const signedNames = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
    const headers = Object.fromEntries(
      signedNames.filter((n) => n !== 'host' && n !== 'x-amz-date').map((n) => [n, String(h[n] ?? '')]),
    );
    const date = String(h['x-amz-date'] ?? '');
    const now = Date.parse(
      `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 11)}:${date.slice(11, 13)}:${date.slice(13)}`,
    );
    const expected = signRequest(
      {
        method: 'POST',
        url: `http://${h.host}/`,
        headers,
        body,
        region: this.cloudwatch.region,
        service: 'monitoring',
        now,
      },
      {
        accessKeyId: key,
        secretAccessKey: this.cloudwatch.secretAccessKey,
        sessionToken: headers['x-amz-security-token'],
      },
    );
    if (expected.authorization !== auth) {
      return send(res, 400, {
        __type: 'com.amazon.coral.service#InvalidSignatureException',
        message: 'The request signature we calculated does not match the signature you provided.',
      });
    }
    const input = JSON.parse(body) as {
      MetricDataQueries: {
        Id: string;
        MetricStat: {
          Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] };
        };
      }[];
      StartTime: number;
      EndTime: number;
      NextToken?: string;
    };
    // Every (query, point) in the window, in order; a page is a slice of it.
    const all: { id: string; ts: number; value: number; partial: boolean }[] = [];
    for (const q of input.MetricDataQueries) {
      const m = q.MetricStat.Metric;
      const dims = Object.fromEntries(m.Dimensions.map((d) => [d.Name, d.Value]));
      const metric = this.cloudwatch.metrics.find(
        (x) => x.namespace === m.Namespace && x.name === m.MetricName && dimsKey(x.dimensions) === dimsKey(dims),
      );
      for (const [ts, value] of metric?.points ?? []) {
        if (ts >= input.StartTime * 1000 && ts < input.EndTime * 1000) {
          all.push({ id: q.Id, ts, value, partial: !!metric?.partial });
        }
      }
    }
    const offset = Number(input.NextToken ?? 0);
    const page = all.slice(offset, offset + this.cloudwatch.pageSize);
    const more = offset + this.cloudwatch.pageSize < all.length;
    const results = input.MetricDataQueries.map((q) => {
      const mine = page.filter((p) => p.id === q.Id);
      const partial = all.some((p) => p.id === q.Id && p.partial);
      return {
        Id: q.Id,
        Label: q.MetricStat.Metric.MetricName,
        Timestamps: mine.map((p) => p.ts / 1000),
        Values: mine.map((p) => p.value),
        StatusCode: partial ? 'PartialData' : more ? 'PartialData' : 'Complete',
        ...(partial ? { Messages: [{ Code: 'MaxDatapointsExceeded', Value: 'some points were left out' }] } : {}),
      };
    });
    return send(res, 200, {
      MetricDataResults: results,
      ...(more ? { NextToken: String(offset + page.length) } : {}),
      Messages: [],
    });
  }
}

export async function startCloudStandin(): Promise<CloudStandin> {
  return new CloudStandin().start();
}
