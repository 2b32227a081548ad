// The cloud form's series lines and secrets: what is typed becomes the series the engine polls and
// comes back as the same lines; a short line is named by its number; a stored secret is said to
// be needed again once the form points at another host or account.
import { describe, expect, it } from 'vitest';
import { cloudDraftOf, cloudParams, cloudSecretsMoved, newCloudDraft } from './cloud-draft';

const line = 'gateway-1 | cpu | AWS/EC2 | CPUUtilization | p99 | percent | InstanceId=i-1, AutoScalingGroupName=edge';

describe('cloud form draft', () => {
  it('turns series lines into series and back', () => {
    const d = {
      ...newCloudDraft(),
      id: 'aws',
      preset: 'cloudwatch' as const,
      accessKeyId: 'AKID',
      secretAccessKey: 'k',
      series: `${line}\n\nhistorian | mem | AWS/EC2 | MemUsed`,
    };
    const r = cloudParams(d);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.series).toEqual([
      {
        device: 'gateway-1',
        signal: 'cpu',
        resource: 'AWS/EC2',
        metric: 'CPUUtilization',
        statistic: 'p99',
        unit: 'percent',
        dimensions: { InstanceId: 'i-1', AutoScalingGroupName: 'edge' },
      },
      { device: 'historian', signal: 'mem', resource: 'AWS/EC2', metric: 'MemUsed', unit: '', dimensions: {} },
    ]);
    expect(r.value.intervalMs).toBe(60_000);
    expect(r.value.lookbackMs).toBe(900_000);
    const view = {
      ...r.value,
      intervalMs: 60_000,
      lookbackMs: 900_000,
      periodSeconds: 60,
      timeoutMs: 20_000,
      enabled: true,
      origin: 'settings' as const,
      series: r.value.series.map((s) => ({ statistic: 'Average', unit: '', dimensions: {}, ...s })),
      cloudwatch: {
        region: 'us-east-1',
        accessKeyId: 'AKID',
        secretAccessKey: { set: true },
        sessionToken: { set: false },
      },
    };
    expect(cloudDraftOf(view as never).series).toBe(`${line}\nhistorian | mem | AWS/EC2 | MemUsed | Average`);
  });

  it('names a line that lacks its four parts', () => {
    const r = cloudParams({ ...newCloudDraft(), id: 'az', series: 'a | b | c | d\nhistorian | cpu' });
    expect(r).toEqual({
      ok: false,
      errors: { 'source.series': 'line 2: needs at least device | signal | resource | metric' },
    });
  });

  it('says when the stored secret cannot follow an edit', () => {
    const saved = {
      preset: 'azure-monitor' as const,
      azure: {
        tenantId: 't',
        clientId: 'c',
        loginUrl: 'https://login.microsoftonline.com',
        managementUrl: 'https://management.azure.com',
      },
    };
    const d = { ...newCloudDraft(), tenantId: 't', clientId: 'c', saved };
    expect(cloudSecretsMoved(d)).toBeNull();
    expect(cloudSecretsMoved({ ...d, managementUrl: 'https://management.usgovcloudapi.net' })).toBe(
      'another management endpoint (https://management.usgovcloudapi.net)',
    );
  });
});
