// The cloud-monitor source against a loopback stand-in of Azure Monitor / Entra ID and CloudWatch
// (test/support/cloud-monitor-standin.ts) answering in the documented formats: what reaches the
// pipeline, under which device and signal, and what health says after paging, throttling,
// refused credentials, partial data and overlapping windows. The pipeline here is a sink that
// records submissions (test/integration/cloud-engine.test.ts runs the real engine).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloudSourceConfig, type CloudSourceConfig as Config } from '../../../../shared/sources/cloud-schema';
import { startCloudStandin, type CloudStandin } from '../../../../../test/support/cloud-monitor-standin';
import type { DecodeResult } from '../decode-json';
import type { Pipeline } from '../pipeline';
import { metricClient } from './cloud-client';
import { CloudSource } from './cloud-source';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 6, 12, 0, 0);
const VM = '/subscriptions/0000/resourceGroups/plant/providers/Microsoft.Compute/virtualMachines/historian';

let standin: CloudStandin;
let now: number;
let submitted: DecodeResult[];
let failNext: boolean;

const pipeline = {
  decodeOptions: () => ({ now, maxPayloadBytes: 1 << 20, maxFutureMs: MIN, maxAgeMs: null }),
  submitDecoded: async (_s: string, _o: string, decoded: DecodeResult) => {
    if (failNext) {
      failNext = false;
      throw new Error('history is not writable');
    }
    submitted.push(decoded);
    return { accepted: decoded.readings.length, rejected: [] };
  },
} as unknown as Pipeline;

const readings = () => submitted.flatMap((d) => d.readings);
const minutes = (from: number, to: number, f: (i: number) => number): [number, number][] =>
  Array.from({ length: to - from }, (_, k) => [T0 + (from + k) * MIN, f(from + k)]);

function source(config: Record<string, unknown>, backoffBaseMs = 2000): CloudSource {
  const c: Config = CloudSourceConfig.parse(config);
  return new CloudSource(c, pipeline, {
    log: () => {},
    clock: () => now,
    client: (signal) => metricClient(c, () => now, signal),
    backoffBaseMs,
  });
}

function azureSource(extra: Record<string, unknown> = {}) {
  return source({
    id: 'azure-plant',
    preset: 'azure-monitor',
    lookbackMs: 10 * MIN,
    azure: {
      tenantId: standin.azure.tenant,
      clientId: standin.azure.clientId,
      clientSecret: standin.azure.clientSecret,
      loginUrl: standin.url,
      managementUrl: standin.url,
    },
    series: [
      { device: 'historian', signal: 'cpu', resource: VM, metric: 'Percentage CPU' },
      { device: 'historian', signal: 'disk-{LUN}', resource: VM, metric: 'Data Disk IOPS', dimensions: { LUN: '*' } },
    ],
    ...extra,
  });
}

function cloudwatchSource(extra: Record<string, unknown> = {}) {
  return source({
    id: 'aws-plant',
    preset: 'cloudwatch',
    lookbackMs: 10 * MIN,
    cloudwatch: {
      region: standin.cloudwatch.region,
      accessKeyId: standin.cloudwatch.accessKeyId,
      secretAccessKey: standin.cloudwatch.secretAccessKey,
      endpoint: `${standin.url}/`,
    },
    series: [
      {
        device: 'gateway-1',
        signal: 'cpu',
        resource: 'AWS/EC2',
        metric: 'CPUUtilization',
        dimensions: { InstanceId: 'i-1' },
      },
      {
        device: 'gateway-2',
        signal: 'cpu',
        resource: 'AWS/EC2',
        metric: 'CPUUtilization',
        dimensions: { InstanceId: 'i-2' },
        unit: 'percent',
      },
    ],
    ...extra,
  });
}

beforeEach(async () => {
  standin = await startCloudStandin();
  now = T0 + 10 * MIN;
  submitted = [];
  failNext = false;
  standin.azure.resources.set(VM, [
    { name: 'Percentage CPU', unit: 'Percent', timeseries: [{ dims: {}, points: minutes(0, 20, (i) => 10 + i) }] },
    {
      name: 'Data Disk IOPS',
      unit: 'CountPerSecond',
      timeseries: [
        { dims: { LUN: '0' }, points: minutes(0, 20, (i) => 100 + i) },
        { dims: { LUN: '1' }, points: minutes(0, 20, (i) => 200 + i) },
      ],
    },
  ]);
  standin.cloudwatch.metrics = [
    {
      namespace: 'AWS/EC2',
      name: 'CPUUtilization',
      dimensions: { InstanceId: 'i-1' },
      points: minutes(0, 20, (i) => i),
    },
    {
      namespace: 'AWS/EC2',
      name: 'CPUUtilization',
      dimensions: { InstanceId: 'i-2' },
      points: minutes(0, 20, (i) => 50 + i),
    },
  ];
});

afterEach(async () => {
  await standin.close();
});

describe('Azure Monitor preset', () => {
  it('takes a token once, asks for the documented parameters and maps metrics and dimensions to signals', async () => {
    const s = azureSource();
    expect(await s.pollOnce()).toBe(60_000);
    const r = readings();
    expect(r.filter((x) => x.signal === 'cpu').map((x) => x.value)).toEqual(
      minutes(0, 10, (i) => 10 + i).map((p) => p[1]),
    );
    expect(r.find((x) => x.signal === 'cpu')).toMatchObject({ deviceId: 'historian', unit: 'Percent', ts: T0 });
    expect(r.filter((x) => x.signal === 'disk-0')).toHaveLength(10);
    expect(r.find((x) => x.signal === 'disk-1')?.value).toBe(200);
    const [call, split] = standin.requests.filter((q) => q.path.endsWith('/metrics'));
    expect(call!.path).toBe(`${VM}/providers/microsoft.insights/metrics`);
    expect(call!.query.get('metricnames')).toBe('Percentage CPU');
    expect(call!.query.get('aggregation')).toBe('Average');
    expect(call!.query.get('api-version')).toBe('2023-10-01');
    expect(call!.query.get('timespan')).toBe('2026-12-06T12:00:00Z/2026-12-06T12:10:00Z');
    expect(call!.query.get('interval')).toBe('PT1M');
    expect(split!.query.get('$filter')).toBe("LUN eq '*'");
    now += MIN;
    await s.pollOnce();
    expect(standin.azure.tokensIssued).toBe(1);
    expect(s.health()).toMatchObject({ kind: 'cloud', connected: true, error: null, polls: 2, points: 33 });
  });

  it('reports refused credentials plainly and does not retry faster than the interval', async () => {
    const s = azureSource();
    standin.azure.clientSecret = 'rotated';
    expect(await s.pollOnce()).toBe(60_000);
    const h = s.health();
    expect(h.connected).toBe(false);
    expect(h.error).toMatch(/^Entra ID token: credentials refused \(HTTP 401\): AADSTS7000215: Invalid client secret/);
    expect(readings()).toHaveLength(0);
  });

  it('takes a new token when the metrics API refuses the cached one', async () => {
    const s = azureSource();
    await s.pollOnce();
    standin.revokeTokens();
    now += MIN;
    await s.pollOnce();
    expect(s.health().error).toMatch(/credentials refused \(HTTP 401\): The access token is invalid/);
    await s.pollOnce();
    expect(standin.azure.tokensIssued).toBe(2);
    expect(s.health()).toMatchObject({ connected: true, error: null });
  });

  it('waits as long as Retry-After says after a 429, then backs off exponentially on 503s without it', async () => {
    const s = azureSource();
    standin.throttle({ count: 1, status: 429, retryAfter: '7' });
    expect(await s.pollOnce()).toBe(7000);
    expect(s.health().error).toMatch(/throttled \(HTTP 429; retry after 7 s\)/);
    expect(s.health().lastMessageAt).toBeNull();
    standin.throttle({ count: 2, status: 503 });
    expect(await s.pollOnce()).toBe(4000);
    expect(await s.pollOnce()).toBe(8000);
    expect(s.health().failures).toBe(3);
    expect(await s.pollOnce()).toBe(60_000);
    expect(s.health()).toMatchObject({ failures: 0, error: null, lastMessageAt: now, connected: true });
    expect(readings().filter((x) => x.signal === 'cpu')).toHaveLength(10);
  });
  it('keeps the metrics that came when Azure cannot answer one, and says which', async () => {
    const s = azureSource({
      series: [
        { device: 'historian', signal: 'cpu', resource: VM, metric: 'Percentage CPU' },
        { device: 'historian', signal: 'memory', resource: VM, metric: 'Available Memory Bytes' },
      ],
    });
    await s.pollOnce();
    expect(readings().map((x) => x.signal)).toEqual(Array(10).fill('cpu'));
    expect(s.health().error).toBe(
      `partial data: ${VM}: Available Memory Bytes: MetricNotFound metric Available Memory Bytes not found`,
    );
  });
});

describe('CloudWatch preset', () => {
  it('signs GetMetricData, follows NextToken across pages and maps each query to its device', async () => {
    standin.cloudwatch.pageSize = 6;
    const s = cloudwatchSource();
    expect(await s.pollOnce()).toBe(60_000);
    const calls = standin.requests.filter((q) => q.path === '/');
    expect(calls.length).toBe(4); // 20 points, 6 a page
    expect(calls.every((c) => c.status === 200)).toBe(true);
    expect(JSON.parse(calls[1]!.body).NextToken).toBe('6');
    expect(calls[0]!.headers['x-amz-target']).toBe('GraniteServiceVersion20100801.GetMetricData');
    const r = readings();
    expect(r.filter((x) => x.deviceId === 'gateway-1').map((x) => x.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(r.filter((x) => x.deviceId === 'gateway-2')).toHaveLength(10);
    expect(r.find((x) => x.deviceId === 'gateway-2')?.unit).toBe('percent');
    expect(s.health()).toMatchObject({ connected: true, error: null, points: 20 });
  });

  it('says the signature was refused when the secret key is wrong', async () => {
    const s = cloudwatchSource();
    standin.cloudwatch.secretAccessKey = 'another';
    await s.pollOnce();
    expect(s.health().error).toMatch(
      /credentials refused \(HTTP 400\): The request signature we calculated does not match/,
    );
    expect(readings()).toHaveLength(0);
  });

  it('keeps the points of partial data and says the data was partial', async () => {
    standin.cloudwatch.metrics[1]!.partial = true;
    const s = cloudwatchSource();
    await s.pollOnce();
    expect(readings()).toHaveLength(20);
    expect(s.health().error).toMatch(/^partial data: AWS\/EC2 CPUUtilization: PartialData \(MaxDatapointsExceeded/);
    expect(s.health().connected).toBe(true);
  });

  it('delivers each point once across overlapping windows, and again after a failed submission', async () => {
    const s = cloudwatchSource();
    await s.pollOnce(); // 12:00–12:10
    now += 3 * MIN; // 12:03–12:13: 7 minutes overlap
    await s.pollOnce();
    const second = submitted[1]!.readings;
    expect(second.map((x) => x.ts)).toEqual([10, 10, 11, 11, 12, 12].map((i) => T0 + i * MIN));
    now += MIN;
    failNext = true;
    await s.pollOnce();
    expect(s.health().error).toBe('history is not writable');
    now += MIN;
    await s.pollOnce();
    expect(submitted[2]!.readings.map((x) => x.ts)).toEqual([13, 13, 14, 14].map((i) => T0 + i * MIN));
    const all = readings().map((x) => `${x.deviceId}@${x.ts}`);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('stopping', () => {
  it('stops at once while a request hangs, and polls no more', async () => {
    const s = cloudwatchSource();
    standin.hang = true;
    await s.start();
    const deadline = Date.now() + 5000;
    while (standin.held === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(standin.held).toBe(1);
    const t0 = Date.now();
    await s.stop();
    expect(Date.now() - t0).toBeLessThan(1000); // the request timeout is 20 s
    expect(s.health()).toMatchObject({ nextPollAt: null, error: null });
    expect(readings()).toHaveLength(0);
  });
});
