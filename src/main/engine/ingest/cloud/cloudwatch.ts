// The Amazon CloudWatch preset: GetMetricData over the AWS JSON 1.0 protocol (POST /,
// X-Amz-Target GraniteServiceVersion20100801.GetMetricData, content type
// application/x-amz-json-1.0; CloudWatch documents it beside the older query protocol), signed
// with SigV4. One MetricDataQuery per configured series (Id m<index>), pages followed with
// NextToken and merged by Id; Timestamps[] (epoch seconds) pair with Values[]. StatusCode
// PartialData with no NextToken left, InternalError or Forbidden on a result are noted; the
// points that came are kept. References: docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/
// API_GetMetricData.html and /monitoring/cloudwatch-protocols-faq.html.
import { cloudWatchEndpoint, type CloudSeries } from '../../../../shared/sources/cloud-schema';
import { cloudJson, CloudRequestError } from './cloud-http';
import type { CloudPoint, CloudWindow, MetricClient, PollAnswer } from './metric-client';
import { signRequest } from './sigv4';

export interface CloudWatchClientSettings {
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  endpoint?: string | undefined;
}

interface Options {
  periodSeconds: number;
  timeoutMs: number;
  clock: () => number;
  signal?: AbortSignal | undefined;
}

/** More pages than this in one poll is a loop (a token that never ends), not data. */
const MAX_PAGES = 200;

interface MetricDataResult {
  Id?: string;
  Label?: string;
  Timestamps?: unknown[];
  Values?: unknown[];
  StatusCode?: string;
  Messages?: { Code?: string; Value?: string }[];
}

interface GetMetricDataAnswer {
  MetricDataResults?: MetricDataResult[];
  NextToken?: string | null;
  Messages?: { Code?: string; Value?: string }[];
}

/** A JSON-protocol timestamp: epoch seconds (a number), or an ISO string from other encoders. */
function toMs(t: unknown): number {
  if (typeof t === 'number') return t * 1000;
  if (typeof t === 'string') return /^\d+(\.\d+)?$/.test(t) ? Number(t) * 1000 : Date.parse(t);
  return NaN;
}

export class CloudWatchClient implements MetricClient {
  readonly url: string;

  constructor(
    private readonly cw: CloudWatchClientSettings,
    private readonly series: readonly CloudSeries[],
    private readonly options: Options,
  ) {
    this.url = cloudWatchEndpoint(cw);
  }

  /** The GetMetricData body for one window and page. */
  body(window: CloudWindow, nextToken: string | undefined): Record<string, unknown> {
    return {
      MetricDataQueries: this.series.map((s, i) => ({
        Id: `m${i}`,
        MetricStat: {
          Metric: {
            Namespace: s.resource,
            MetricName: s.metric,
            Dimensions: Object.entries(s.dimensions).map(([Name, Value]) => ({ Name, Value })),
          },
          Period: this.options.periodSeconds,
          Stat: s.statistic,
        },
        ReturnData: true,
      })),
      StartTime: Math.floor(window.start / 1000),
      EndTime: Math.ceil(window.end / 1000),
      ScanBy: 'TimestampAscending',
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  }

  private async page(window: CloudWindow, nextToken: string | undefined): Promise<GetMetricDataAnswer> {
    const body = JSON.stringify(this.body(window, nextToken));
    const signed = signRequest(
      {
        method: 'POST',
        url: this.url,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'GraniteServiceVersion20100801.GetMetricData',
        },
        body,
        region: this.cw.region,
        service: 'monitoring',
        now: this.options.clock(),
      },
      this.cw,
    );
    // fetch sets Host from the URL (the value that was signed).
    const { host: _host, ...headers } = signed;
    void _host;
    return (await cloudJson({
      method: 'POST',
      url: this.url,
      headers,
      body,
      timeoutMs: this.options.timeoutMs,
      what: `CloudWatch (${this.cw.region})`,
      clock: this.options.clock,
      signal: this.options.signal,
    })) as GetMetricDataAnswer;
  }

  async poll(window: CloudWindow): Promise<PollAnswer> {
    const merged = new Map<string, { ts: unknown[]; values: unknown[]; status?: string; messages: string[] }>();
    const notes: string[] = [];
    let token: string | undefined;
    let requests = 0;
    do {
      if (requests >= MAX_PAGES) {
        throw new CloudRequestError(`CloudWatch: still paging after ${MAX_PAGES} pages; poll abandoned`, 'other', 200);
      }
      const answer = await this.page(window, token);
      requests++;
      for (const r of answer.MetricDataResults ?? []) {
        if (!r.Id) continue;
        const m = merged.get(r.Id) ?? { ts: [], values: [], messages: [] };
        m.ts.push(...(r.Timestamps ?? []));
        m.values.push(...(r.Values ?? []));
        if (r.StatusCode) m.status = r.StatusCode;
        for (const msg of r.Messages ?? []) m.messages.push(`${msg.Code ?? ''} ${msg.Value ?? ''}`.trim());
        merged.set(r.Id, m);
      }
      for (const msg of answer.Messages ?? []) notes.push(`CloudWatch: ${msg.Code ?? ''} ${msg.Value ?? ''}`.trim());
      token = answer.NextToken ?? undefined;
    } while (token);
    const points: CloudPoint[] = [];
    this.series.forEach((s, i) => {
      const m = merged.get(`m${i}`);
      const name = `${s.resource} ${s.metric}`;
      if (!m) {
        notes.push(`${name}: not in the answer`);
        return;
      }
      if (m.status && m.status !== 'Complete') {
        notes.push(`${name}: ${m.status}${m.messages.length ? ` (${m.messages.join('; ')})` : ''}`);
      }
      const n = Math.min(m.ts.length, m.values.length);
      if (m.ts.length !== m.values.length)
        notes.push(`${name}: ${m.ts.length} timestamps for ${m.values.length} values`);
      for (let k = 0; k < n; k++) {
        const ts = toMs(m.ts[k]);
        const value = m.values[k];
        if (!Number.isFinite(ts) || typeof value !== 'number' || !Number.isFinite(value)) continue;
        points.push({ series: i, signal: s.signal, ts, value, unit: s.unit });
      }
    });
    return { points, requests, notes };
  }
}
