// Cloud-monitor sources configured like any other, through the real engine: an Azure Monitor
// source and a CloudWatch source (paged) poll a loopback stand-in answering in the documented
// formats (no cloud is reachable here). Their points land in history under the mapped device and
// signal; the next poll's overlapping window stores nothing twice, nor does the first poll after
// an engine restart (history's own deduplication on series and time); a source whose secret is
// refused says so in health while the others run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import type { CloudSourceHealth } from '../../src/main/engine/ingest/cloud/cloud-source';
import { startCloudStandin, type CloudStandin, type Points } from '../support/cloud-monitor-standin';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { waitFor } from '../support/wait';

const MIN = 60_000;
const VM = '/subscriptions/0000/resourceGroups/plant/providers/Microsoft.Compute/virtualMachines/historian';

describe('engine with cloud-monitor sources from its configuration', () => {
  let standin: CloudStandin;
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine;
  const cpu: Points = [];
  const gateway: Points = [];
  const start = Math.floor(Date.now() / MIN) * MIN;

  const config = () => ({
    broker: { embedded: false },
    simulator: { enabled: false },
    sources: {
      mqtt: [],
      cloud: [
        {
          id: 'azure-plant',
          preset: 'azure-monitor',
          intervalMs: 10_000,
          lookbackMs: 15 * MIN,
          azure: {
            tenantId: standin.azure.tenant,
            clientId: standin.azure.clientId,
            clientSecret: standin.azure.clientSecret,
            loginUrl: standin.url,
            managementUrl: standin.url,
          },
          series: [{ device: 'historian', signal: 'cpu', resource: VM, metric: 'Percentage CPU' }],
        },
        {
          id: 'aws-plant',
          preset: 'cloudwatch',
          intervalMs: 10_000,
          lookbackMs: 15 * MIN,
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
              unit: 'percent',
            },
          ],
        },
        {
          id: 'azure-wrong-secret',
          preset: 'azure-monitor',
          azure: {
            tenantId: standin.azure.tenant,
            clientId: standin.azure.clientId,
            clientSecret: 'not-the-secret',
            loginUrl: standin.url,
            managementUrl: standin.url,
          },
          series: [{ device: 'historian', signal: 'memory', resource: VM, metric: 'Available Memory Bytes' }],
        },
      ],
    },
  });

  const health = (id: string) => engine.health().sources.find((s) => s.id === id) as CloudSourceHealth | undefined;
  const counts = async () => engine.services.history.countBySeries();

  beforeAll(async () => {
    standin = await startCloudStandin();
    standin.cloudwatch.pageSize = 4;
    // Ten minutes of points, one a minute, ending a minute ago.
    for (let i = 10; i >= 1; i--) {
      cpu.push([start - i * MIN, 30 + i]);
      gateway.push([start - i * MIN, 60 + i]);
    }
    standin.azure.resources.set(VM, [
      { name: 'Percentage CPU', unit: 'Percent', timeseries: [{ dims: {}, points: cpu }] },
    ]);
    standin.cloudwatch.metrics = [
      { namespace: 'AWS/EC2', name: 'CPUUtilization', dimensions: { InstanceId: 'i-1' }, points: gateway },
    ];
    dir = makeTempDir();
    engine = await startEngine(dir.path, config());
  }, 60_000);

  afterAll(async () => {
    await engine?.stop();
    await standin?.close();
    dir?.remove();
  });

  it('stores the points under the mapped device and signal, and reports each source in health', async () => {
    await waitFor(
      async () => (await counts()).get('gateway-1/cpu') === 10 && (await counts()).get('historian/cpu') === 10,
      {
        timeoutMs: 20_000,
        what: '10 points of each series in history',
      },
    );
    expect(health('azure-plant')).toMatchObject({ kind: 'cloud', connected: true, error: null, messages: 10 });
    expect(health('aws-plant')).toMatchObject({ kind: 'cloud', connected: true, error: null, messages: 10 });
    const device = engine.services.registry.get('gateway-1');
    expect(device?.signals.find((s) => s.key === 'cpu')?.unit).toBe('percent');
    const pages = standin.requests.filter((r) => r.path === '/' && r.status === 200);
    expect(pages.length).toBeGreaterThanOrEqual(3); // 10 points, 4 a page
  });

  it('says in health that the secret was refused, while the others run', async () => {
    await waitFor(() => health('azure-wrong-secret')?.error, { timeoutMs: 10_000, what: 'an error in health' });
    expect(health('azure-wrong-secret')).toMatchObject({
      connected: false,
      error: expect.stringMatching(/^Entra ID token: credentials refused \(HTTP 401\): AADSTS7000215/),
      points: 0,
    });
    expect((await counts()).has('historian/memory')).toBe(false);
  });

  it('stores only the new points of the next, overlapping poll', async () => {
    const stored = engine.services.history.stored;
    cpu.push([start, 99]);
    gateway.push([start, 98]);
    await waitFor(() => (health('aws-plant')?.polls ?? 0) >= 2 && (health('azure-plant')?.polls ?? 0) >= 2, {
      timeoutMs: 20_000,
      what: 'a second poll of both sources',
    });
    await waitFor(
      async () => (await counts()).get('historian/cpu') === 11 && (await counts()).get('gateway-1/cpu') === 11,
      {
        timeoutMs: 10_000,
        what: 'the new points',
      },
    );
    expect(engine.services.history.stored - stored).toBe(2);
    // Each source delivered only the new point: the overlap was not submitted again.
    expect([health('azure-plant')?.messages, health('aws-plant')?.messages]).toEqual([11, 11]);
  }, 30_000);

  it('stores nothing twice after a restart, when the first poll asks for the overlap again', async () => {
    await engine.stop();
    engine = await startEngine(dir.path, config());
    await waitFor(() => (health('aws-plant')?.polls ?? 0) >= 1 && (health('azure-plant')?.polls ?? 0) >= 1, {
      timeoutMs: 20_000,
      what: 'the first poll after the restart',
    });
    // The restarted sources delivered all 22 points again; history kept none of them twice.
    await waitFor(() => engine.services.history.duplicates >= 22, { timeoutMs: 10_000, what: '22 duplicates dropped' });
    expect(health('azure-plant')?.messages).toBe(11);
    const c = await counts();
    expect([c.get('historian/cpu'), c.get('gateway-1/cpu')]).toEqual([11, 11]);
    expect(engine.services.history.stored).toBe(0);
  }, 40_000);
});
